import "reflect-metadata";
import { DataSource } from "typeorm";
import { Category, Folder } from "./entities";

export const dataSource = new DataSource({ type: "postgres", entities: [Category, Folder] });
