import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

export enum Role {
  Admin = "admin",
  Editor = "editor",
  Viewer = "viewer",
}

export enum Level {
  Low,
  Medium,
  High,
}

@Entity({ name: "staff" })
export class Staff {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "enum", enum: Role, default: Role.Viewer })
  role: Role;

  @Column({ type: "enum", enum: Level, default: Level.Medium })
  level: Level;

  @Column({ type: "enum", enum: Role, enumName: "staff_role", array: true, default: [Role.Viewer] })
  extraRoles: Role[];

  @Column({ type: "simple-enum", enum: Level, nullable: true })
  simpleLevel: Level | null;
}

@Entity({ name: "invites" })
export class Invite {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "enum", enum: Role, enumName: "staff_role" })
  role: Role;
}
