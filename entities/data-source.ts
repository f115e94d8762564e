import "reflect-metadata";
import { DataSource } from "typeorm";
import { Category } from "./category";
import { Order } from "./order";
import { OrderItem } from "./order-item";
import { Product } from "./product";
import { User } from "./user";

/** The demo application's DataSource; autogen reads its entities and naming strategy, never its connection. */
export const AppDataSource = new DataSource({
  type: "postgres",
  url: process.env.DATABASE_URL,
  entities: [User, Category, Product, Order, OrderItem],
  uuidExtension: "pgcrypto",
});
