import "reflect-metadata";
import { DataSource } from "typeorm";
import { BigSale, BusyRegion, RegionCount, Sale, SalesByRegion } from "./entities";

export const dataSource = new DataSource({ type: "postgres", entities: [Sale, SalesByRegion, BusyRegion, BigSale, RegionCount] });
