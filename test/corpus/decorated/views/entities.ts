import { Column, DataSource, Entity, Index, PrimaryGeneratedColumn, ViewColumn, ViewEntity } from "typeorm";

@Entity({ name: "sales" })
export class Sale {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  region: string;

  @Column({ type: "numeric", precision: 12, scale: 2 })
  amount: string;
}

@ViewEntity({
  name: "sales_by_region",
  expression: `SELECT "region", sum("amount") AS "total" FROM "sales" GROUP BY "region"`,
})
export class SalesByRegion {
  @ViewColumn()
  region: string;

  @ViewColumn()
  total: string;
}

/** A view reading a view: `dependsOn` makes TypeORM create it second. */
@ViewEntity({
  name: "busy_regions",
  dependsOn: [SalesByRegion],
  expression: `
    SELECT "region", "total"
    FROM "sales_by_region"
    WHERE "total" > 10000
  `,
})
export class BusyRegion {
  @ViewColumn()
  region: string;

  @ViewColumn()
  total: string;
}

/** A materialized view with an index TypeORM's synchronize creates on it. */
@ViewEntity({
  name: "big_sales",
  materialized: true,
  expression: `SELECT "id", "amount" FROM "sales" WHERE "amount" > 1000`,
})
@Index("IDX_big_sales_amount", ["amount"])
export class BigSale {
  @ViewColumn()
  id: number;

  @ViewColumn()
  amount: string;
}

/** In a non-public schema, its query given as a query builder. */
@ViewEntity({
  name: "region_counts",
  schema: "reporting",
  expression: (dataSource: DataSource) =>
    dataSource
      .createQueryBuilder()
      .select("sale.region", "region")
      .addSelect("COUNT(*)", "sales")
      .from(Sale, "sale")
      .groupBy("sale.region"),
})
export class RegionCount {
  @ViewColumn()
  region: string;

  @ViewColumn()
  sales: string;
}
