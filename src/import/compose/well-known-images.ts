// Images whose role berth can recognise: Redis and PostgreSQL become berth dependencies; other
// data stores stay components (with the ports the image is known to listen on and a warning).
import type { DependencyKind } from '../../spec/app-spec.ts';

export interface KnownImage {
  /** Repositories as written after docker.io/ and library/ are stripped. */
  readonly repositories: readonly string[];
  readonly title: string;
  readonly ports: readonly number[];
  /** berth runs it as a dependency. */
  readonly dependency?: DependencyKind;
  /** Keeps data: one replica, and a warning that berth has no managed equivalent. */
  readonly stateful?: boolean;
}

export const KNOWN_IMAGES: readonly KnownImage[] = [
  { repositories: ['redis'], title: 'Redis', ports: [6379], dependency: 'redis', stateful: true },
  { repositories: ['postgres'], title: 'PostgreSQL', ports: [5432], dependency: 'postgres', stateful: true },
  { repositories: ['bitnami/redis', 'redis/redis-stack', 'redis/redis-stack-server', 'valkey/valkey', 'bitnami/valkey', 'eqalpha/keydb'], title: 'Redis', ports: [6379], stateful: true },
  { repositories: ['bitnami/postgresql', 'postgis/postgis', 'timescale/timescaledb', 'pgvector/pgvector', 'supabase/postgres'], title: 'PostgreSQL', ports: [5432], stateful: true },
  { repositories: ['mysql', 'mariadb', 'percona', 'bitnami/mysql', 'bitnami/mariadb', 'mysql/mysql-server'], title: 'MySQL/MariaDB', ports: [3306], stateful: true },
  { repositories: ['mongo', 'bitnami/mongodb', 'mongodb/mongodb-community-server'], title: 'MongoDB', ports: [27017], stateful: true },
  { repositories: ['rabbitmq', 'bitnami/rabbitmq'], title: 'RabbitMQ', ports: [5672], stateful: true },
  { repositories: ['memcached', 'bitnami/memcached'], title: 'Memcached', ports: [11211] },
  { repositories: ['elasticsearch', 'docker.elastic.co/elasticsearch/elasticsearch', 'opensearchproject/opensearch', 'bitnami/elasticsearch'], title: 'Elasticsearch/OpenSearch', ports: [9200], stateful: true },
  { repositories: ['cassandra', 'bitnami/cassandra'], title: 'Cassandra', ports: [9042], stateful: true },
  { repositories: ['confluentinc/cp-kafka', 'bitnami/kafka', 'apache/kafka'], title: 'Kafka', ports: [9092], stateful: true },
  { repositories: ['zookeeper', 'bitnami/zookeeper', 'confluentinc/cp-zookeeper'], title: 'ZooKeeper', ports: [2181], stateful: true },
  { repositories: ['nats'], title: 'NATS', ports: [4222] },
  { repositories: ['minio/minio', 'quay.io/minio/minio', 'bitnami/minio'], title: 'MinIO', ports: [9000], stateful: true },
  { repositories: ['influxdb'], title: 'InfluxDB', ports: [8086], stateful: true },
  { repositories: ['clickhouse/clickhouse-server'], title: 'ClickHouse', ports: [8123], stateful: true },
  { repositories: ['mcr.microsoft.com/mssql/server'], title: 'SQL Server', ports: [1433], stateful: true },
  { repositories: ['neo4j'], title: 'Neo4j', ports: [7474], stateful: true },
  { repositories: ['couchdb'], title: 'CouchDB', ports: [5984], stateful: true },
  { repositories: ['eclipse-mosquitto'], title: 'Mosquitto', ports: [1883] },
  { repositories: ['nginx', 'nginxinc/nginx-unprivileged'], title: 'nginx', ports: [80] },
  { repositories: ['httpd'], title: 'Apache httpd', ports: [80] },
  { repositories: ['traefik'], title: 'Traefik', ports: [80] },
  { repositories: ['grafana/grafana'], title: 'Grafana', ports: [3000], stateful: true },
  { repositories: ['prom/prometheus'], title: 'Prometheus', ports: [9090], stateful: true },
  { repositories: ['mailhog/mailhog', 'axllent/mailpit'], title: 'MailHog/Mailpit', ports: [1025] },
];

/** `docker.io/library/redis:7-alpine@sha256:...` → `redis`. */
export function toImageRepository(image: string): string {
  let repository = image.split('@')[0];
  const colon = repository.lastIndexOf(':');
  if (colon > repository.lastIndexOf('/')) repository = repository.slice(0, colon);
  return repository.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '').toLowerCase();
}

export function recogniseImage(image: string | undefined): KnownImage | undefined {
  if (!image) return undefined;
  const repository = toImageRepository(image);
  return KNOWN_IMAGES.find((known) => known.repositories.includes(repository));
}

/** The tag of an image reference, if it has one. */
export function readImageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0];
  const colon = withoutDigest.lastIndexOf(':');
  return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(colon + 1) : undefined;
}
