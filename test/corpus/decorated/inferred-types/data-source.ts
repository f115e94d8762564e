import "reflect-metadata";
import { DataSource } from "typeorm";
import { Inferred, InferredKey } from "./entities";

export const dataSource = new DataSource({ type: "postgres", entities: [Inferred, InferredKey] });
