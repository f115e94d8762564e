import "reflect-metadata";
import { DataSource } from "typeorm";
import { Customer, Invoice, Tag } from "./entities";

export const dataSource = new DataSource({ type: "postgres", entities: [Customer, Invoice, Tag] });
