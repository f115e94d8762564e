/**
 * Normalized objects on disk under `.autogen/cache/<kind>/`, one file per key. Written through a
 * temporary file and a rename, so a concurrent reader never sees half an entry; an unreadable entry
 * is treated as missing.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Table } from "../model/schema";

export class JsonCache<T> {
  private readonly dir: string | null;

  constructor(cacheDir: string | null, kind: string) {
    this.dir = cacheDir === null ? null : path.join(cacheDir, kind);
  }

  read(key: string): T | null {
    if (this.dir === null) return null;
    const file = path.join(this.dir, `${key}.json`);
    if (!existsSync(file)) return null;
    try {
      return JSON.parse(readFileSync(file, "utf8")) as T;
    } catch {
      return null;
    }
  }

  write(key: string, value: T): void {
    if (this.dir === null) return;
    mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, `${key}.json`);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(value));
    renameSync(temporary, file);
  }
}

export class TableCache extends JsonCache<Table> {
  constructor(cacheDir: string | null) {
    super(cacheDir, "tables");
  }
}
