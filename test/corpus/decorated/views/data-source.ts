import "reflect-metadata";
import { DataSource } from "typeorm";
import { BigSale, Sale, SalesByRegion } from "./entities";

export const dataSource = new DataSource({ type: "postgres", entities: [Sale, SalesByRegion, BigSale] });
