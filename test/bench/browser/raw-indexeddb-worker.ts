/**
 * The physical limit the brokers are measured against: one worker writing binary batches to
 * IndexedDB the way workers/indexeddb-log-store.ts does (one readwrite transaction per batch,
 * durability 'relaxed', an explicit commit(), done on 'complete'), with nothing else on top.
 *
 * It runs as a classic worker built from this function's source (page-measures.ts rawIndexedDb),
 * so it must not use anything outside its own body.
 */
export function rawIndexedDbWorker(): void {
  const scope = self as unknown as { onmessage: ((event: MessageEvent) => void) | null; postMessage(data: unknown): void };
  scope.onmessage = async (event: MessageEvent) => {
    const { batches, batchBytes, inFlight } = event.data as { batches: number; batchBytes: number; inFlight: number };
    try {
      const name = `bench-raw-${Date.now()}`;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name, 1);
        request.onupgradeneeded = () => request.result.createObjectStore('batches');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const write = (offset: number) =>
        new Promise<void>((resolve, reject) => {
          // A fresh buffer per batch, as a produce request's bytes are.
          const bytes = new Uint8Array(batchBytes);
          bytes[0] = offset & 0xff;
          const tx = db.transaction('batches', 'readwrite', { durability: 'relaxed' });
          tx.objectStore('batches').put(bytes.buffer, ['bench', 0, offset]);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
          tx.commit();
        });
      let next = 0;
      const started = performance.now();
      const lane = async () => {
        while (next < batches) await write(next++);
      };
      await Promise.all(Array.from({ length: inFlight }, lane));
      const seconds = (performance.now() - started) / 1000;
      db.close();
      await new Promise((resolve) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = request.onerror = request.onblocked = resolve;
      });
      scope.postMessage({ batchesPerSecond: batches / seconds, bytesPerSecond: (batches * batchBytes) / seconds });
    } catch (error) {
      scope.postMessage({ error: String(error) });
    }
  };
}
