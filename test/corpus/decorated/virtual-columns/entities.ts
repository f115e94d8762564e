import { Column, Entity, ManyToOne, OneToMany, PrimaryGeneratedColumn, VirtualColumn, type Relation } from "typeorm";

@Entity({ name: "teams" })
export class Team {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  name: string;

  /** Computed by a query, never stored. */
  @VirtualColumn({ query: (alias) => `SELECT count(*) FROM "players" WHERE "teamId" = ${alias}.id` })
  playerCount: number;

  @OneToMany(() => Player, (player) => player.team)
  players: Relation<Player[]>;
}

@Entity({ name: "players" })
export class Player {
  @PrimaryGeneratedColumn()
  id: number;

  /** Stored, but not selected by default: still a column. */
  @Column({ select: false })
  secret: string;

  /** Stored, read-only from the application's side: still a column. */
  @Column({ insert: false, update: false, default: 0 })
  score: number;

  @ManyToOne(() => Team, (team) => team.players)
  team: Relation<Team>;
}
