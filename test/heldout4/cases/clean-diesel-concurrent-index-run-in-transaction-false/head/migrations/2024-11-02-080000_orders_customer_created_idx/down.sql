DROP INDEX CONCURRENTLY IF EXISTS orders_customer_created_idx;
