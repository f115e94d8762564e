/**
 * The catalog reader against a real server: DDL in, SchemaModel out; a constant number of queries
 * whatever the schema size; scoped to the schemas asked for.
 */
import { introspect } from "../../src/sources/introspect/introspect";
import { counting } from "../support/counting";
import { createTestDatabase, type TestDatabase } from "../support/database";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.client.query(`
    CREATE SCHEMA sales;
    CREATE SCHEMA elsewhere;
    CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');
    CREATE TABLE public."Users" (
      id serial PRIMARY KEY,
      email varchar(320) COLLATE "C" NOT NULL,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      price numeric(10,2) DEFAULT -1.5,
      doubled numeric GENERATED ALWAYS AS (price * 2) STORED,
      moods public.mood[] NOT NULL DEFAULT '{}',
      mood public.mood DEFAULT 'ok',
      created timestamptz(3) DEFAULT now(),
      data jsonb DEFAULT '{"a": [1, 2]}'::jsonb,
      CONSTRAINT "UQ_email" UNIQUE (email),
      CONSTRAINT "CHK_price" CHECK (price > -10)
    );
    COMMENT ON TABLE public."Users" IS 'It''s people';
    COMMENT ON COLUMN public."Users".email IS E'line\\r\\nbreak';
    CREATE INDEX "IDX_partial" ON public."Users" (created DESC NULLS LAST, email) WHERE price > 0;
    CREATE INDEX "IDX_expr" ON public."Users" (lower(email));
    CREATE INDEX "IDX_gin" ON public."Users" USING gin (data);
    CREATE TABLE sales.orders (
      id int, line smallint, user_id int,
      CONSTRAINT "PK_orders" PRIMARY KEY (id, line),
      CONSTRAINT "FK_orders_user" FOREIGN KEY (user_id) REFERENCES public."Users"(id)
        ON DELETE SET NULL ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED
    );
    CREATE TABLE elsewhere.hidden (id int);
  `);
});
afterAll(() => db.drop());

describe("introspect", () => {
  it("reads tables, columns, keys, constraints, indexes and enums as PostgreSQL prints them", async () => {
    const model = await introspect(db.client, { schemas: ["public", "sales"] });
    expect(model.schemas).toEqual(["public", "sales"]);
    expect(model.enums).toEqual([{ schema: "public", name: "mood", values: ["sad", "ok", "happy"] }]);
    expect(model.tables.map((table) => `${table.schema}.${table.name}`)).toEqual(["public.Users", "sales.orders"]);

    const users = model.tables[0];
    expect(users.comment).toBe("It's people");
    const column = (name: string) => users.columns.find((candidate) => candidate.name === name);
    expect(users.columns.map((candidate) => candidate.name)).toEqual(["id", "email", "seq", "price", "doubled", "moods", "mood", "created", "data"]);
    expect(column("id")).toMatchObject({ type: "integer", serial: true, default: null, nullable: false });
    expect(column("email")).toMatchObject({ type: "character varying(320)", collation: "C", comment: "line\r\nbreak" });
    expect(column("seq")).toMatchObject({ type: "bigint", identity: "always", nullable: false, serial: false });
    expect(column("price")).toMatchObject({ type: "numeric(10,2)", default: "'-1.5'::numeric" });
    expect(column("doubled")).toMatchObject({ generated: "(price * (2)::numeric)", default: null });
    expect(column("moods")).toMatchObject({ type: "public.mood[]", default: "'{}'::public.mood[]", nullable: false });
    expect(column("mood")).toMatchObject({ type: "public.mood", default: "'ok'::public.mood" });
    expect(column("created")).toMatchObject({ type: "timestamp(3) with time zone", default: "now()" });
    expect(column("data")).toMatchObject({ type: "jsonb", default: `'{"a": [1, 2]}'::jsonb` });

    expect(users.primaryKey).toEqual({ name: "Users_pkey", columns: ["id"] });
    expect(users.uniques).toEqual([{ name: "UQ_email", columns: ["email"] }]);
    expect(users.checks).toEqual([{ name: "CHK_price", expression: "(price > ('-10'::integer)::numeric)" }]);
    expect(users.indexes).toEqual([
      { name: "IDX_expr", unique: false, keys: ["lower(email::text)"], method: "btree", where: null },
      { name: "IDX_gin", unique: false, keys: ["data"], method: "gin", where: null },
      { name: "IDX_partial", unique: false, keys: ["created DESC NULLS LAST", "email"], method: "btree", where: "(price > (0)::numeric)" },
    ]);

    const orders = model.tables[1];
    expect(orders.primaryKey).toEqual({ name: "PK_orders", columns: ["id", "line"] });
    expect(orders.foreignKeys).toEqual([
      {
        name: "FK_orders_user",
        columns: ["user_id"],
        referencedTable: { schema: "public", name: "Users" },
        referencedColumns: ["id"],
        onDelete: "SET NULL",
        onUpdate: "CASCADE",
        deferrable: true,
        initiallyDeferred: true,
      },
    ]);
  });

  it("reads only the schemas it is given", async () => {
    const model = await introspect(db.client, { schemas: ["elsewhere"] });
    expect(model.tables.map((table) => table.name)).toEqual(["hidden"]);
    expect(model.enums).toEqual([]);
  });

  it("leaves out excluded tables", async () => {
    const model = await introspect(db.client, { schemas: ["public", "sales"], excludeTable: (table) => table.schema === "sales" });
    expect(model.tables.map((table) => table.name)).toEqual(["Users"]);
  });

  it("runs the same number of queries for 1 table and for 60", async () => {
    const small = await createTestDatabase();
    const large = await createTestDatabase();
    try {
      await small.client.query("CREATE TABLE t0 (id int PRIMARY KEY, v text)");
      const ddl = Array.from({ length: 60 }, (_, i) => `CREATE TABLE t${i} (id int PRIMARY KEY, v text UNIQUE, r int REFERENCES t0(id)); CREATE INDEX i${i} ON t${i}(v);`);
      await large.client.query(`CREATE TABLE t0 (id int PRIMARY KEY); ${ddl.slice(1).join("\n")}`);
      const smallCounter = counting(small.client);
      const largeCounter = counting(large.client);
      const smallModel = await introspect(smallCounter, { schemas: ["public"] });
      const largeModel = await introspect(largeCounter, { schemas: ["public"] });
      expect(smallModel.tables).toHaveLength(1);
      expect(largeModel.tables).toHaveLength(60);
      expect(largeCounter.count).toBe(smallCounter.count);
    } finally {
      await small.drop();
      await large.drop();
    }
  });
});
