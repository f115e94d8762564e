import "reflect-metadata";
import { DataSource } from "typeorm";
import { MenuItem } from "./entities";

export const dataSource = new DataSource({ type: "postgres", entities: [MenuItem] });
