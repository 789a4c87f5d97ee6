/**
 * The page's storage as the browser grants it (issue 17). The brokers' logs live in IndexedDB,
 * which a browser may evict under storage pressure unless the origin's storage is persistent
 * (StorageManager.persist); and a write past the origin's quota fails, which the brokers treat as
 * Kafka treats a full disk. The page asks for persistence once and shows how much of the quota the
 * cluster uses, so neither comes as a surprise.
 */

export interface StorageStatus {
  /** Bytes this origin uses (all of IndexedDB, the page's caches included), as the browser estimates them. */
  usageBytes: number;
  /** Bytes the browser lets this origin use; a write beyond it fails with QuotaExceededError. */
  quotaBytes: number;
  /** Whether the browser keeps this origin's data under storage pressure. */
  persisted: boolean;
}

type StorageLike = Pick<StorageManager, 'estimate' | 'persisted' | 'persist'>;

function storageManager(): StorageLike | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.storage;
}

/**
 * Asks the browser to keep the cluster's data (Chromium decides by the site's engagement without a
 * prompt; Firefox asks the user). Resolves to whether the storage is persistent; false where the
 * browser has no StorageManager.
 */
export async function requestPersistentStorage(storage: StorageLike | undefined = storageManager()): Promise<boolean> {
  if (storage === undefined) return false;
  try {
    return (await storage.persisted()) || (await storage.persist());
  } catch {
    return false;
  }
}

/** The origin's usage, quota and persistence; null where the browser does not say. */
export async function storageStatus(storage: StorageLike | undefined = storageManager()): Promise<StorageStatus | null> {
  if (storage === undefined) return null;
  try {
    const [{ usage, quota }, persisted] = await Promise.all([storage.estimate(), storage.persisted()]);
    if (usage === undefined || quota === undefined) return null;
    return { usageBytes: usage, quotaBytes: quota, persisted };
  } catch {
    return null;
  }
}
