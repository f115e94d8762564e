import "reflect-metadata";
import { DataSource } from "typeorm";
import { Company } from "./entities";

export const dataSource = new DataSource({ type: "postgres", entities: [Company] });
