<?php
/**
 * The runs table: one row per cleanup run. A run while it works keeps its work list in `state`: the carts chosen
 * at its start as [key, expiry] pairs (the expiry is the version stamp re-checked before each delete), how far it
 * got, the carts it skipped and why, and where its time went.
 *
 * Public shape (REST, the Cleanup tab): {id, trigger, user, rule, status (running|done|cancelled|failed), bulk,
 * found, deleted, skipped, failed, failures:[{key, reason}], skips:[{key, reason}], processed, started_at,
 * finished_at, duration_ms, export_url, last_error, timings}.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Cleanup;

use CartSessions\Privacy\Retention;
use CartSessions\Storage\Schema;

final class Runs {

	public const STATUSES = array( 'running', 'done', 'cancelled', 'failed' );
	public const TRIGGERS = array( 'manual', 'schedule', 'cli' );

	/**
	 * @param array<string,mixed> $rule
	 * @return array<string,mixed> The new run.
	 */
	public static function create( string $trigger, int $user_id, array $rule, bool $bulk ): array {
		global $wpdb;
		$wpdb->insert(
			Schema::table( 'runs' ),
			array(
				'started_at'   => gmdate( 'Y-m-d H:i:s' ),
				'trigger_type' => $trigger,
				'user_id'      => $user_id,
				'rule'         => (string) wp_json_encode( $rule ),
				'status'       => 'running',
				'bulk'         => $bulk ? 1 : 0,
				'failures'     => '[]',
				'state'        => (string) wp_json_encode( self::fresh_state() ),
			),
			array( '%s', '%s', '%d', '%s', '%s', '%d', '%s', '%s' )
		);
		$run = self::get( (int) $wpdb->insert_id );
		if ( null === $run ) {
			throw new \RuntimeException( 'The cleanup run could not be recorded: ' . $wpdb->last_error );
		}
		return $run;
	}

	/**
	 * @return array<string,mixed>|null
	 */
	public static function get( int $id ): ?array {
		global $wpdb;
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		$row = $wpdb->get_row(
			$wpdb->prepare( 'SELECT * FROM ' . Schema::table( 'runs' ) . ' WHERE id = %d', $id ),
			ARRAY_A
		);
		return is_array( $row ) ? self::decode( $row ) : null;
	}

	/**
	 * A run's status as stored now (a cancel may have landed while a step was running), or null.
	 */
	public static function status( int $id ): ?string {
		global $wpdb;
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		$status = $wpdb->get_var( $wpdb->prepare(
			'SELECT status FROM ' . Schema::table( 'runs' ) . ' WHERE id = %d',
			$id
		) );
		return null === $status ? null : (string) $status;
	}

	/**
	 * Saves a run's counts, status and state.
	 *
	 * @param array<string,mixed> $run
	 */
	public static function save( array $run ): void {
		global $wpdb;
		$wpdb->update(
			Schema::table( 'runs' ),
			array(
				'finished_at' => $run['finished_at'],
				'status'      => $run['status'],
				'found'       => $run['found'],
				'deleted'     => $run['deleted'],
				'skipped'     => $run['skipped'],
				'failed'      => $run['failed'],
				'failures'    => (string) wp_json_encode( $run['failures'] ),
				'duration_ms' => $run['duration_ms'],
				'export_file' => $run['export_file'],
				'state'       => (string) wp_json_encode( $run['state'] ),
				'position'    => (int) ( $run['state']['position'] ?? 0 ),
			),
			array( 'id' => $run['id'] ),
			array( '%s', '%s', '%d', '%d', '%d', '%d', '%s', '%d', '%s', '%s', '%d' ),
			array( '%d' )
		);
	}

	/**
	 * Claims the batch at $position of a running run for this driver: true for exactly one of several drivers
	 * stepping the run at once. The stored position moves one past the claimed one; the step's save() then writes
	 * the position it reached (a failed step writes the same position back, so the batch is claimed again).
	 */
	public static function claim( int $id, int $position ): bool {
		global $wpdb;
		$wpdb->last_error = '';
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		$changed          = $wpdb->query( $wpdb->prepare(
			'UPDATE '
				. Schema::table( 'runs' )
				. " SET position = %d WHERE id = %d AND position = %d AND status = 'running'",
			$position + 1,
			$id,
			$position
		) );
		return '' === $wpdb->last_error && 1 === (int) $changed;
	}

	public static function delete( int $id ): void {
		global $wpdb;
		$wpdb->delete( Schema::table( 'runs' ), array( 'id' => $id ), array( '%d' ) );
	}

	/**
	 * A page of runs, newest first, in their public shape.
	 *
	 * @param callable $export_url See to_public().
	 * @return array{items:array<int,array<string,mixed>>,total:int,total_pages:int,page:int,per_page:int}
	 */
	public static function page( int $page, int $per_page, callable $export_url ): array {
		// A running run's state holds its work list; a finished one's is small (the list is dropped at the end).
		return Schema::page(
			'runs',
			array(),
			$page,
			$per_page,
			static function ( array $row ) use ( $export_url ): array {
				return self::to_public( self::decode( $row ), $export_url );
			}
		);
	}

	/**
	 * Deletes runs older than cart_sessions_history_retention_days (default 400). Returns how many went.
	 */
	public static function prune( ?int $now = null ): int {
		global $wpdb;
		$cutoff = gmdate( 'Y-m-d H:i:s', ( $now ?? time() ) - Retention::history_days() * DAY_IN_SECONDS );
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		return (int) $wpdb->query( $wpdb->prepare(
			'DELETE FROM ' . Schema::table( 'runs' ) . " WHERE started_at < %s AND status <> 'running'",
			$cutoff
		) );
	}

	/**
	 * The run as the REST routes return it.
	 *
	 * @param array<string,mixed> $run
	 * @param callable            $export_url Run id => the address its export is downloaded from: the REST layer
	 *                                        owns its routes, so it hands this in.
	 * @return array<string,mixed>
	 */
	public static function to_public( array $run, callable $export_url ): array {
		$state = $run['state'];
		return array(
			'id'          => $run['id'],
			'trigger'     => $run['trigger'],
			'user'        => Audit::user( $run['user_id'] ),
			'rule'        => $run['rule'],
			'status'      => $run['status'],
			'bulk'        => $run['bulk'],
			'found'       => $run['found'],
			'deleted'     => $run['deleted'],
			'skipped'     => $run['skipped'],
			'failed'      => $run['failed'],
			'failures'    => $run['failures'],
			'skips'       => null === $state ? null : $state['skips'],
			'processed'   => $run['deleted'] + $run['skipped'] + $run['failed'],
			'started_at'  => self::iso( $run['started_at'] ),
			'finished_at' => self::iso( $run['finished_at'] ),
			'duration_ms' => 'running' === $run['status'] ? self::elapsed_ms( $run ) : $run['duration_ms'],
			'export_url'  => null === $run['export_file'] ? null : (string) $export_url( (int) $run['id'] ),
			'last_error'  => null === $state ? null : $state['last_error'],
			'timings'     => null === $state ? null : $state['timings'],
		);
	}

	/**
	 * Milliseconds since the run started.
	 *
	 * @param array<string,mixed> $run
	 */
	public static function elapsed_ms( array $run ): int {
		$started = strtotime( $run['started_at'] . ' UTC' );
		$precise = (float) ( $run['state']['started'] ?? 0 );
		$from    = $precise > 0 ? $precise : (float) $started;
		return max( 0, (int) round( ( microtime( true ) - $from ) * 1000 ) );
	}

	/**
	 * @return array<string,mixed>
	 */
	private static function fresh_state(): array {
		return array(
			'started'     => microtime( true ),
			'queue'       => array(),
			'position'    => 0,
			'skips'       => array(),
			'errors'      => 0,
			'last_error'  => null,
			'export_rows' => 0,
			'timings'     => array(
				'steps'     => 0,
				'list_ms'   => 0,
				'detail_ms' => 0,
				'delete_ms' => 0,
				'export_ms' => 0,
				'step_ms'   => 0,
				'requests'  => 0,
			),
		);
	}

	/**
	 * @param array<string,mixed> $row
	 * @return array<string,mixed>
	 */
	private static function decode( array $row ): array {
		$rule     = json_decode( (string) $row['rule'], true );
		$failures = json_decode( (string) ( $row['failures'] ?? '[]' ), true );
		$state    = null === $row['state'] ? null : json_decode( (string) $row['state'], true );
		return array(
			'id'          => (int) $row['id'],
			'started_at'  => (string) $row['started_at'],
			'finished_at' => null === $row['finished_at'] ? null : (string) $row['finished_at'],
			'trigger'     => (string) $row['trigger_type'],
			'user_id'     => (int) $row['user_id'],
			'rule'        => is_array( $rule ) ? $rule : array(),
			'status'      => (string) $row['status'],
			'bulk'        => (bool) (int) $row['bulk'],
			'found'       => (int) $row['found'],
			'deleted'     => (int) $row['deleted'],
			'skipped'     => (int) $row['skipped'],
			'failed'      => (int) $row['failed'],
			'failures'    => is_array( $failures ) ? $failures : array(),
			'duration_ms' => (int) $row['duration_ms'],
			'export_file' => null === $row['export_file']
				|| '' === $row['export_file'] ? null : (string) $row['export_file'],
			'state'       => is_array( $state )
				? $state + self::fresh_state()
				: ( null === $row['state'] ? null : self::fresh_state() ),
		);
	}

	/**
	 * A DATETIME column of our tables (stored in UTC) as ISO 8601 UTC with Z; null when empty. Runs and the audit.
	 */
	public static function iso( ?string $mysql ): ?string {
		if ( null === $mysql || '' === $mysql || 0 === strpos( $mysql, '0000' ) ) {
			return null;
		}
		return gmdate( 'Y-m-d\TH:i:s\Z', (int) strtotime( $mysql . ' UTC' ) );
	}
}
