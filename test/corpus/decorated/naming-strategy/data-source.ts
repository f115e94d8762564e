import "reflect-metadata";
import { DataSource } from "typeorm";
import { ShopCustomer, ShopOrder, ShopProduct } from "./entities";
import { SnakeNamingStrategy } from "./snake-naming-strategy";

export const dataSource = new DataSource({
  type: "postgres",
  entities: [ShopCustomer, ShopOrder, ShopProduct],
  namingStrategy: new SnakeNamingStrategy(),
});
