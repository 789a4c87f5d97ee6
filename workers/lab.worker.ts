/**
 * The lab's worker (`?lab`): the whole in-process cluster, its workloads and its virtual time, off
 * the page's main thread. This file is the only place the lab reads the wall clock: it paces the
 * virtual clock against it (src/lab/lab-host.ts).
 */
import * as Comlink from 'comlink';
import { LabHost } from '../src/lab/lab-host';

Comlink.expose(new LabHost({ now: () => performance.now(), setTimeout: (task, ms) => setTimeout(task, ms) }));
