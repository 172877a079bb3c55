#!/bin/sh
# Patroni's bootstrap.post_init: runs once, on the node that initialises the cluster, with a
# superuser connection string as $1. Creates banjie's role and database.
set -eu
psql "$1" -v ON_ERROR_STOP=1 -v pw="$BANJIE_DB_PASSWORD" <<'SQL'
CREATE ROLE banjie LOGIN PASSWORD :'pw';
CREATE DATABASE banjie OWNER banjie;
SQL
