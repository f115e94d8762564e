import "reflect-metadata";
import { DataSource } from "typeorm";
import { Car, ElectricTruck, Truck, Vehicle } from "./entities";

export const dataSource = new DataSource({ type: "postgres", entities: [Vehicle, Car, Truck, ElectricTruck] });
