import "reflect-metadata";
import { DataSource } from "typeorm";
import { Player, Team } from "./entities";

export const dataSource = new DataSource({ type: "postgres", entities: [Team, Player] });
