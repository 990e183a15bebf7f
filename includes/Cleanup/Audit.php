<?php
/**
 * The audit trail: one row per cart deleted — or that a delete was attempted for — from any path: the Sessions
 * browser (context single, bulk or filter) or a cleanup run (cleanup; cleanup_bulk for CoCart's bulk tool); and
 * one row each time a manager copied or emailed a cart's restore link (context recovery, result link_copied or
 * link_emailed: Rest\RecoveryController).
 * Rows older than cart_sessions_audit_retention_days (default 90) are pruned daily (cart_sessions_prune).
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Cleanup;

use CartSessions\Privacy\Retention;
use CartSessions\Storage\Schema;

final class Audit {

	public const CONTEXTS = array( 'single', 'bulk', 'filter', 'cleanup', 'cleanup_bulk', 'recovery' );

	/**
	 * Records every delete's results: Sessions\Deleter::announce() fires cart_sessions_delete_results for each batch.
	 */
	public static function listen(): void {
		add_action( 'cart_sessions_delete_results', array( self::class, 'record' ), 10, 2 );
	}

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
				array_push(
					$args,
					$now,
					(int) ( $context['user_id'] ?? 0 ),
					substr( (string) $result['key'], 0, 64 ),
					(string) ( $context['context'] ?? '' ),
					(string) $result['result']
				);
				if ( null !== $run_id ) {
					$args[] = $run_id;
				}
				$args[] = (string) ( $result['message'] ?? '' );
			}
			// One INSERT per 100 rows; the placeholders are built above, the values all go through prepare().
			$columns = '(created_at, user_id, cart_key, context, result, run_id, message)';
			$insert  = "INSERT INTO {$table} {$columns} VALUES " . implode( ', ', $values );
			// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
			$wpdb->query( $wpdb->prepare( $insert, $args ) );
		}
	}

	/**
	 * A page of the audit, newest first.
	 *
	 * @param array{page?:int,per_page?:int,run_id?:int|null,result?:string} $args
	 * @return array{items:array<int,array<string,mixed>>,total:int,total_pages:int,page:int,per_page:int}
	 */
	public static function page( array $args ): array {
		$equal = array();
		if ( ! empty( $args['run_id'] ) ) {
			$equal['run_id'] = (int) $args['run_id'];
		}
		if ( ! empty( $args['result'] ) ) {
			$equal['result'] = (string) $args['result'];
		}
		return Schema::page(
			'audit',
			$equal,
			(int) ( $args['page'] ?? 1 ),
			(int) ( $args['per_page'] ?? 20 ),
			static function ( array $row ): array {
				return array(
					'id'         => (int) $row['id'],
					'created_at' => Runs::iso( (string) $row['created_at'] ),
					'user'       => self::user( (int) $row['user_id'] ),
					'cart_key'   => (string) $row['cart_key'],
					'context'    => (string) $row['context'],
					'result'     => (string) $row['result'],
					'run_id'     => null === $row['run_id'] ? null : (int) $row['run_id'],
					'message'    => '' === (string) $row['message'] ? null : (string) $row['message'],
				);
			}
		);
	}

	/**
	 * Deletes rows older than the retention period. Returns how many went.
	 */
	public static function prune( ?int $now = null ): int {
		global $wpdb;
		$cutoff = gmdate( 'Y-m-d H:i:s', ( $now ?? time() ) - Retention::audit_days() * DAY_IN_SECONDS );
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		return (int) $wpdb->query( $wpdb->prepare(
			'DELETE FROM ' . Schema::table( 'audit' ) . ' WHERE created_at < %s',
			$cutoff
		) );
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
			'name' => $user
				? (string) $user->display_name
				/* translators: %d: user ID */
				: sprintf( __( 'Deleted user #%d', 'cart-sessions-for-cocart' ), $id ),
		);
	}
}
