#!/bin/sh
# Creates the database cluster and the asterfarm role and database on first start, then runs the server.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  initdb --auth=trust --username=postgres --encoding=UTF8 "$PGDATA" >/dev/null
  for range in ${POSTGRES_TRUST:-10.0.0.0/8 172.16.0.0/12 192.168.0.0/16}; do
    echo "host all all $range trust" >>"$PGDATA/pg_hba.conf"
  done
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=/tmp" -w start >/dev/null
  psql -h /tmp -v ON_ERROR_STOP=1 --username=postgres -c "CREATE ROLE asterfarm LOGIN" -c "CREATE DATABASE asterfarm OWNER asterfarm" >/dev/null
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/tmp
