<?php
/**
 * The audit trail: one row per cart deleted — or that a delete was attempted for — from any path: the Sessions
 * browser (context single, bulk or filter) or a cleanup run (cleanup; cleanup_bulk for CoCart's bulk tool).
 * Rows older than cart_sessions_audit_retention_days (default 90) are pruned daily (cart_sessions_prune).
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Cleanup;

use CartSessions\Storage\Schema;

final class Audit {

	public const RETENTION_OPTION = 'cart_sessions_audit_retention_days';
	public const DEFAULT_DAYS     = 90;
	public const CONTEXTS         = array( 'single', 'bulk', 'filter', 'cleanup', 'cleanup_bulk' );

	/**
	 * @param array<int,array{key:string,result:string,message?:string|null}> $results
	 * @param array<string,mixed>                                            $context context, run_id, user_id.
	 */
	public static function record( array $results, array $context ): void {
		global $wpdb;
		if ( array() === $results ) {
			return;
		}
		$now    = gmdate( 'Y-m-d H:i:s' );
		$table  = Schema::table( 'audit' );
		$run_id = isset( $context['run_id'] ) ? (int) $context['run_id'] : null;
		foreach ( array_chunk( $results, 100 ) as $chunk ) {
			$values = array();
			$args   = array();
			foreach ( $chunk as $result ) {
				$values[] = null === $run_id ? '(%s, %d, %s, %s, %s, NULL, %s)' : '(%s, %d, %s, %s, %s, %d, %s)';
				array_push( $args, $now, (int) ( $context['user_id'] ?? 0 ), substr( (string) $result['key'], 0, 64 ), (string) ( $context['context'] ?? '' ), (string) $result['result'] );
				if ( null !== $run_id ) {
					$args[] = $run_id;
				}
				$args[] = (string) ( $result['message'] ?? '' );
			}
			// One INSERT per 100 rows; the placeholders are built above, the values all go through prepare().
			$wpdb->query( $wpdb->prepare( "INSERT INTO {$table} (created_at, user_id, cart_key, context, result, run_id, message) VALUES " . implode( ', ', $values ), $args ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		}
	}

	/**
	 * A page of the audit, newest first.
	 *
	 * @param array{page?:int,per_page?:int,run_id?:int|null,result?:string} $args
	 * @return array{items:array<int,array<string,mixed>>,total:int,total_pages:int,page:int,per_page:int}
	 */
	public static function page( array $args ): array {
		global $wpdb;
		$table    = Schema::table( 'audit' );
		$page     = max( 1, (int) ( $args['page'] ?? 1 ) );
		$per_page = max( 1, min( 100, (int) ( $args['per_page'] ?? 20 ) ) );
		$where    = array( '1=1' );
		$params   = array();
		if ( ! empty( $args['run_id'] ) ) {
			$where[]  = 'run_id = %d';
			$params[] = (int) $args['run_id'];
		}
		if ( ! empty( $args['result'] ) ) {
			$where[]  = 'result = %s';
			$params[] = (string) $args['result'];
		}
		$sql_where = implode( ' AND ', $where );
		$count_sql = "SELECT COUNT(*) FROM {$table} WHERE {$sql_where}";
		$total     = (int) $wpdb->get_var( $params ? $wpdb->prepare( $count_sql, $params ) : $count_sql ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		$rows      = $wpdb->get_results(
			$wpdb->prepare( "SELECT * FROM {$table} WHERE {$sql_where} ORDER BY id DESC LIMIT %d OFFSET %d", array_merge( $params, array( $per_page, ( $page - 1 ) * $per_page ) ) ), // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
			ARRAY_A
		);
		$items = array();
		foreach ( (array) $rows as $row ) {
			$items[] = array(
				'id'         => (int) $row['id'],
				'created_at' => mysql_to_rfc3339( (string) $row['created_at'] ) ?: null,
				'user'       => self::user( (int) $row['user_id'] ),
				'cart_key'   => (string) $row['cart_key'],
				'context'    => (string) $row['context'],
				'result'     => (string) $row['result'],
				'run_id'     => null === $row['run_id'] ? null : (int) $row['run_id'],
				'message'    => '' === (string) $row['message'] ? null : (string) $row['message'],
			);
		}
		return array(
			'items'       => $items,
			'total'       => $total,
			'total_pages' => (int) ceil( $total / $per_page ),
			'page'        => $page,
			'per_page'    => $per_page,
		);
	}

	/**
	 * Deletes rows older than the retention period. Returns how many went.
	 */
	public static function prune( ?int $now = null ): int {
		global $wpdb;
		$days   = self::retention_days();
		$cutoff = gmdate( 'Y-m-d H:i:s', ( $now ?? time() ) - $days * DAY_IN_SECONDS );
		return (int) $wpdb->query( $wpdb->prepare( 'DELETE FROM ' . Schema::table( 'audit' ) . ' WHERE created_at < %s', $cutoff ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
	}

	public static function retention_days(): int {
		$days = (int) get_option( self::RETENTION_OPTION, self::DEFAULT_DAYS );
		return $days > 0 ? $days : self::DEFAULT_DAYS;
	}

	/**
	 * Who did it: {id, name}, or null for nobody (WP-Cron, the command line without --user).
	 *
	 * @return array{id:int,name:string}|null
	 */
	public static function user( int $id ): ?array {
		if ( $id <= 0 ) {
			return null;
		}
		$user = get_userdata( $id );
		return array(
			'id'   => $id,
			/* translators: %d: user ID */
			'name' => $user ? (string) $user->display_name : sprintf( __( 'Deleted user #%d', 'cart-sessions-for-cocart' ), $id ),
		);
	}
}
