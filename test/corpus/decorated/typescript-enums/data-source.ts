import "reflect-metadata";
import { DataSource } from "typeorm";
import { Invite, Staff } from "./entities";

export const dataSource = new DataSource({ type: "postgres", entities: [Staff, Invite] });
