/**
 * One load per key, however many callers ask at once. The Recommend page's single-model and
 * cold-start modes open on the same run: each asked the worker for the model, so at 1M
 * customers it was read, cloned onto the page (two main-thread tasks of 100–150 ms) and held
 * twice. A load that fails is forgotten, so a later call tries again.
 */
export class OncePerKey<V> {
  private readonly loads = new Map<string, Promise<V>>();

  get(key: string, load: () => Promise<V>): Promise<V> {
    let p = this.loads.get(key);
    if (!p) {
      p = load();
      this.loads.set(key, p);
      p.catch(() => {
        if (this.loads.get(key) === p) this.loads.delete(key);
      });
    }
    return p;
  }

  clear(): void {
    this.loads.clear();
  }
}
