import "reflect-metadata";
import { DataSource } from "typeorm";
import { Region } from "./entities";

export const dataSource = new DataSource({ type: "postgres", entities: [Region] });
