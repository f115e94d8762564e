/**
 * Normalized tables on disk under `.autogen/cache/tables/`, one file per key. Written through a
 * temporary file and a rename, so a concurrent reader never sees half an entry; an unreadable entry
 * is treated as missing.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Table } from "../model/schema";

export class TableCache {
  private readonly dir: string | null;

  constructor(cacheDir: string | null) {
    this.dir = cacheDir === null ? null : path.join(cacheDir, "tables");
  }

  read(key: string): Table | null {
    if (this.dir === null) return null;
    const file = path.join(this.dir, `${key}.json`);
    if (!existsSync(file)) return null;
    try {
      return JSON.parse(readFileSync(file, "utf8")) as Table;
    } catch {
      return null;
    }
  }

  write(key: string, table: Table): void {
    if (this.dir === null) return;
    mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, `${key}.json`);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(table));
    renameSync(temporary, file);
  }
}
