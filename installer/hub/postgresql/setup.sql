-- The hub's database and its role (PostgreSQL 13 or later). As the postgres user:
--   sudo -u postgres psql -v ON_ERROR_STOP=1 -f /opt/renshe-hub/postgresql/setup.sql
-- then the tables: sudo -u renshe-hub /opt/renshe-hub/venv/bin/renshe-hub migrate
-- (with RENSHE_HUB_DATABASE from /etc/renshe-hub/renshe-hub.env).
CREATE ROLE renshe_hub LOGIN;
CREATE DATABASE renshe_hub OWNER renshe_hub ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0;
REVOKE ALL ON DATABASE renshe_hub FROM PUBLIC;
