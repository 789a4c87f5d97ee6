/**
 * The page's own disk: the controller's metadata log (`__cluster_metadata`) and the operator's
 * manifest (cluster id, configs, which brokers exist and which were running), in one IndexedDB
 * database beside the brokers' own. A reload replays the log into a new controller and restarts
 * the brokers the manifest says were running, over their logs.
 *
 * The controller answers a command once its records are in memory and persists them right after,
 * in order; a page closed in between loses the newest records, which the brokers then never see
 * either, because they rebuild their metadata image from this log after the reload.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { MetadataLogEntry } from '../protocol/apis/kraft';
import type { ConfigOverrides } from '../cluster/cluster-operator';
import type { BrokerLifecycle } from '../cluster/describe-cluster';

export interface ClusterManifest {
  clusterId: string;
  config: ConfigOverrides;
  brokers: { id: number; rack: string | null; lifecycle: BrokerLifecycle }[];
}

interface ClusterSchema extends DBSchema {
  metadata: { key: number; value: MetadataLogEntry };
  manifest: { key: 'manifest'; value: ClusterManifest };
}

export interface StoredCluster {
  manifest: ClusterManifest | null;
  metadataLog: MetadataLogEntry[];
}

export class ClusterStore {
  private writes: Promise<void> = Promise.resolve();

  private constructor(private readonly db: IDBPDatabase<ClusterSchema>) {}

  static async open(name: string): Promise<ClusterStore> {
    const db = await openDB<ClusterSchema>(name, 1, {
      upgrade(database) {
        database.createObjectStore('metadata');
        database.createObjectStore('manifest');
      },
    });
    // A reset deletes this database; the open connection must not block it.
    db.addEventListener('versionchange', () => db.close());
    return new ClusterStore(db);
  }

  async load(): Promise<StoredCluster> {
    const tx = this.db.transaction(['metadata', 'manifest'], 'readonly');
    const [metadataLog, manifest] = await Promise.all([tx.objectStore('metadata').getAll(), tx.objectStore('manifest').get('manifest')]);
    await tx.done;
    return { manifest: manifest ?? null, metadataLog };
  }

  /** Queued behind earlier writes, so the log on disk is always a prefix of the controller's. */
  appendMetadata(entries: readonly MetadataLogEntry[]): Promise<void> {
    return this.enqueue(async () => {
      const tx = this.db.transaction('metadata', 'readwrite', { durability: 'relaxed' });
      for (const entry of entries) void tx.store.put(entry, entry.offset);
      tx.commit();
      await tx.done;
    });
  }

  writeManifest(manifest: ClusterManifest): Promise<void> {
    const copy = structuredClone(manifest);
    return this.enqueue(async () => {
      await this.db.put('manifest', copy, 'manifest');
    });
  }

  /** Resolves once everything written so far is on disk. */
  flush(): Promise<void> {
    return this.writes;
  }

  close(): void {
    this.db.close();
  }

  private enqueue(write: () => Promise<void>): Promise<void> {
    const next = this.writes.then(write);
    this.writes = next.catch(() => undefined);
    return next;
  }
}

/** Deletes databases, waiting for each; a connection left open elsewhere closes on versionchange. */
export async function deleteDatabases(names: string[]): Promise<void> {
  await Promise.all(
    names.map(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.deleteDatabase(name);
          request.onsuccess = () => resolve();
          request.onerror = () => reject(request.error ?? new Error(`Could not delete IndexedDB database ${name}`));
        }),
    ),
  );
}
