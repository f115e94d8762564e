import "reflect-metadata";
import { DataSource } from "typeorm";
import { Bin, Shelf } from "./entities";

export const dataSource = new DataSource({ type: "postgres", entities: [Shelf, Bin] });
