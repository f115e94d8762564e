import { Column, Entity, Index, JoinTable, ManyToMany, PrimaryGeneratedColumn, type Relation } from "typeorm";

@Entity({ name: "event_tags" })
export class EventTag {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  label: string;
}

@Entity({ name: "events" })
/** An index made by hand (an expression index, say) that TypeORM is told not to touch. */
@Index("IDX_events_kind_lower", { synchronize: false })
export class Event {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  kind: string;

  /** The junction table is managed by hand too. */
  @ManyToMany(() => EventTag)
  @JoinTable({ name: "event_tag_links", synchronize: false })
  tags: Relation<EventTag[]>;
}

/** Managed by hand (a partitioned table, say): neither synchronize nor autogen may touch it. */
@Entity({ name: "event_archive", synchronize: false })
export class EventArchive {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  kind: string;
}
