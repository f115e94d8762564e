import "reflect-metadata";
import { DataSource } from "typeorm";
import { Invoice, Receipt } from "./entities";

export const dataSource = new DataSource({ type: "postgres", entities: [Invoice, Receipt] });
