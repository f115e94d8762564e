import { Column, Entity, PrimaryGeneratedColumn, ViewColumn, ViewEntity } from "typeorm";

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

@ViewEntity({
  name: "big_sales",
  materialized: true,
  expression: `SELECT "id", "amount" FROM "sales" WHERE "amount" > 1000`,
})
export class BigSale {
  @ViewColumn()
  id: number;

  @ViewColumn()
  amount: string;
}
