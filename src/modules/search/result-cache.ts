// A bounded LRU of search results, valid for one version of the index (search_meta.version, raised
// in the transaction of every index change). Pure: the caller reads the version first, then asks.
export class ResultCache<V> {
  private readonly entries = new Map<string, { version: number; value: V }>();
  hits = 0;
  misses = 0;

  constructor(private readonly capacity = 256) {}

  get(key: string, version: number): V | undefined {
    const e = this.entries.get(key);
    if (!e || e.version !== version) {
      if (e) this.entries.delete(key);
      this.misses++;
      return undefined;
    }
    // Re-insert: a Map iterates in insertion order, so the first key is always the least recent.
    this.entries.delete(key);
    this.entries.set(key, e);
    this.hits++;
    return e.value;
  }

  /** Stores under the version read BEFORE computing `value`, so a result is never newer-labelled. */
  set(key: string, version: number, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
