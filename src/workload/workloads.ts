/**
 * The workloads one client process runs (the page's client worker, or a Node test): producers and
 * consumer groups by id, their snapshots, and one change listener for all of them.
 */
import type { Clock } from '../core/clock';
import type { Kafka } from '../client/kafka';
import { ConsumerGroupWorkload } from './consumer-group-workload';
import { ProducerWorkload } from './producer-workload';
import { invalidSpec } from './workload-error';
import type { ConsumerGroupWorkloadSpec, ProducerWorkloadSpec, WorkloadSnapshot } from './workload-types';

/** What every workload the set runs can do. */
export interface Workload {
  readonly id: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  snapshot(): WorkloadSnapshot;
}

/** The workloads' verbs as the page's `sim.workloads` offers them. */
export interface WorkloadControls {
  startProducer(spec: ProducerWorkloadSpec): Promise<string>;
  startConsumerGroup(spec: ConsumerGroupWorkloadSpec): Promise<string>;
  /**
   * Crashes one member of a consumer group (1-based), as kill -9 would: no LeaveGroup, no last
   * commit. The coordinator removes it only when its session times out (session.timeout.ms).
   */
  crashMember(id: string, member: number): Promise<void>;
  /** Stops the workload and forgets it; a consumer group's members leave the group. */
  stop(id: string): Promise<void>;
  list(): WorkloadSnapshot[];
  /** Called with every snapshot after any workload changed; returns the unsubscribe function. */
  onChange(listener: (snapshots: WorkloadSnapshot[]) => void): () => void;
}

export interface WorkloadSetOptions {
  kafka: Kafka;
  clock: Clock;
  /** Kills the client process behind a network address; absent where processes cannot crash. */
  crash?: (address: string) => void;
}

export class WorkloadSet implements WorkloadControls {
  private readonly workloads = new Map<string, Workload>();
  private readonly listeners = new Set<(snapshots: WorkloadSnapshot[]) => void>();
  private readonly dirtyListeners = new Set<() => void>();
  private nextNumber = 1;

  constructor(private readonly options: WorkloadSetOptions) {}

  async startProducer(spec: ProducerWorkloadSpec): Promise<string> {
    const id = `producer-${this.nextNumber++}`;
    return this.add(new ProducerWorkload(id, spec, { ...this.options, onChange: () => this.changed() }));
  }

  async startConsumerGroup(spec: ConsumerGroupWorkloadSpec): Promise<string> {
    const id = `group-${this.nextNumber++}`;
    return this.add(new ConsumerGroupWorkload(id, spec, { ...this.options, onChange: () => this.changed() }));
  }

  async crashMember(id: string, member: number): Promise<void> {
    const workload = this.get(id);
    const { crash } = this.options;
    if (!(workload instanceof ConsumerGroupWorkload)) throw invalidSpec(`${id} is not a consumer group: only a group's members can crash.`);
    if (crash === undefined) throw invalidSpec('This client cannot crash its processes.');
    workload.crashMember(member, crash);
    this.changed();
  }

  /** The workload itself, for tests that listen to its records. */
  get(id: string): Workload {
    const workload = this.workloads.get(id);
    if (workload === undefined) throw new Error(`No workload ${id} (running: ${[...this.workloads.keys()].join(', ') || 'none'}).`);
    return workload;
  }

  async stop(id: string): Promise<void> {
    const workload = this.get(id);
    this.workloads.delete(id);
    await workload.stop();
    this.changed();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.workloads.keys()].map((id) => this.stop(id)));
  }

  list(): WorkloadSnapshot[] {
    return [...this.workloads.values()].map((workload) => workload.snapshot());
  }

  onChange(listener: (snapshots: WorkloadSnapshot[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Called after any change, without the snapshots: a listener that samples (the client worker,
   * which pushes at most every 200 ms) then pays for one list() per push, not one per record.
   */
  onDirty(listener: () => void): () => void {
    this.dirtyListeners.add(listener);
    return () => this.dirtyListeners.delete(listener);
  }

  private async add(workload: Workload): Promise<string> {
    this.workloads.set(workload.id, workload);
    try {
      await workload.start();
    } catch (error) {
      this.workloads.delete(workload.id);
      throw error;
    }
    this.changed();
    return workload.id;
  }

  private changed(): void {
    for (const listener of [...this.dirtyListeners]) listener();
    if (this.listeners.size === 0) return;
    const snapshots = this.list();
    for (const listener of [...this.listeners]) listener(snapshots);
  }
}
