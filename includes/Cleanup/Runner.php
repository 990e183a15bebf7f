<?php
/**
 * Runs a cleanup: start() takes the lock, fetches the list afresh and records the carts the rule chooses (each
 * with its expiry, the version stamp); step() advances one bounded batch; cancel() stops. Whoever drives the
 * steps — the Cleanup tab's progress bar, a WP-Cron batch event that reschedules itself, or the command line —
 * no request ever handles more than one batch.
 *
 * Cart by cart (any rule with a condition): a batch is at most BATCH_SIZE carts (filter
 * cart_sessions_cleanup_batch_size, ≤ 50), or IN_PROCESS_BATCH_SIZE when CoCart runs on this site and is called
 * in-process (≤ 500). Before its deletes the step fetches the list again and re-checks each
 * cart: gone → skipped; cart_expiry moved since the run started (the customer came back) → skipped; the rule
 * re-applied (details fetched where it needs them and they are not cached) → deleted, as many at once as the
 * store's answers show it can take (Pace: from 2, one more while it pays), at most
 * cart_sessions_cleanup_concurrency (default 4).
 *
 * Every expired cart (the rule with no condition): CoCart's bulk tool, one request (46k carts in under a second:
 * docs/cocart-api.md#counts-and-the-bulk-tool), then the list again to see which of the carts chosen at the start are
 * gone (deleted) or still there
 * (touched meanwhile: skipped). When the store's list is too big to fetch, the counts from wc/v3/system_status
 * stand in for it.
 *
 * Every result goes to the audit (context cleanup / cleanup_bulk) and the deleted keys to cart_sessions_deleted.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Cleanup;

use CartSessions\CoCart\StoreInfo;
use CartSessions\Sessions\Deleter;
use CartSessions\Sessions\Service;
use WP_Error;

final class Runner {

	public const BATCH_SIZE          = 25;
	public const MAX_BATCH_SIZE      = 50;

	/**
	 * In-process a delete costs about a millisecond instead of ~70 ms over HTTP, so 250 deletes take about as
	 * long as 25 do over HTTP: the time between a batch's re-check and its last delete stays under a second,
	 * while the list is fetched for re-checks ten times less often.
	 */
	public const IN_PROCESS_BATCH_SIZE     = 250;
	public const MAX_IN_PROCESS_BATCH_SIZE = 500;
	public const DEFAULT_CONCURRENCY = 4;
	public const MAX_STEP_ERRORS     = 3;

	/** The lock's holder while the Sessions tab's "Clear expired carts" runs (not a run: runs start at 1). */
	private const TOOL_LOCK = 0;

	/** @var Service */
	private $service;

	public function __construct( ?Service $service = null ) {
		$this->service = $service ?? new Service();
	}

	public static function concurrency(): int {
		/**
		 * Filters the most delete (and detail) requests a cleanup run sends the store at once. Within it the run
		 * picks the level from the store's throughput (Pace): from 2, one more while it brings 10 % more.
		 *
		 * @param int $concurrency Default 4.
		 */
		return max(
			1,
			min( 8, (int) apply_filters( 'cart_sessions_cleanup_concurrency', self::DEFAULT_CONCURRENCY ) )
		);
	}

	public static function batch_size( bool $in_process = false ): int {
		/**
		 * Filters how many carts one cleanup step handles (at most 50 over HTTP, 500 in-process).
		 *
		 * @param int  $size       Default 25 over HTTP, 250 when CoCart is called in-process.
		 * @param bool $in_process Whether CoCart runs on this site and is called in-process.
		 */
		$size = (int) apply_filters(
			'cart_sessions_cleanup_batch_size',
			$in_process ? self::IN_PROCESS_BATCH_SIZE : self::BATCH_SIZE,
			$in_process
		);
		return max( 1, min( $in_process ? self::MAX_IN_PROCESS_BATCH_SIZE : self::MAX_BATCH_SIZE, $size ) );
	}

	/**
	 * Starts a run. A WP_Error with status 409 (cart_sessions_cleanup_locked) when another run holds the lock;
	 * with the store's error (502/504/409) when its list could not be fetched — the run is then recorded as failed.
	 *
	 * @return array<string,mixed>|WP_Error The run.
	 */
	public function start( Rule $rule, string $trigger, int $user_id, bool $export ) {
		list( $can_delete, $why_not ) = $this->service->delete_permission();
		if ( ! $can_delete ) {
			// Refused up front: a read-only key's run would only collect the store's refusals. (The key's
			// permission is learned when it is saved, by our own deletes and by the connection doctor.)
			return new WP_Error( 'cart_sessions_read_only_key', (string) $why_not, array( 'status' => 403 ) );
		}
		$bulk = $rule->is_every_expired();
		$run  = Runs::create( $trigger, $user_id, $rule->to_array(), $bulk );
		$from = null;
		if ( ! Lock::acquire( $run['id'], $from ) ) {
			Runs::delete( $run['id'] ); // Refused before anything happened: not a run.
			return self::locked();
		}
		if ( null !== $from ) {
			RunRecord::abandon( $from );
		}
		$started = microtime( true );
		$current = $this->service->all_rows( true, false );
		$run['state']['timings']['list_ms']  += self::ms_since( $started );
		$run['state']['timings']['requests'] += 1;
		if ( $current instanceof WP_Error ) {
			if ( $bulk && 'cart_sessions_store_too_big' === $current->get_error_code() ) {
				return $this->start_bulk_by_counts( $run, $export );
			}
			$run['state']['last_error'] = $current->get_error_message();
			RunRecord::finish( $run, 'failed' );
			$data           = (array) $current->get_error_data();
			$data['run_id'] = $run['id'];
			return new WP_Error( $current->get_error_code(), $current->get_error_message(), $data );
		}
		$now   = time();
		$queue = array();
		foreach ( $current['rows'] as $row ) {
			if ( ! $rule->matches_list( $row, $now ) ) {
				continue;
			}
			// Details cached (by the preview) decide now; unknown ones are fetched by the step that reaches them.
			if ( ! $bulk
				&& $rule->needs_details()
				&& ! self::detail_unknown( $rule, $row )
				&& ! $rule->matches( $row, $now ) ) {
				continue;
			}
			$queue[] = array( (string) $row['key'], (string) $row['expires'] );
		}
		usort(
			$queue,
			static function ( array $a, array $b ): int {
				return strcmp( $a[1], $b[1] ) ?: strcmp( $a[0], $b[0] ); // Oldest expiry first.
			}
		);
		$run['state']['queue'] = $queue;
		$run['found']          = count( $queue );
		if ( $export ) {
			$run['export_file'] = Export::create( $run['id'] );
			if ( null === $run['export_file'] ) {
				$run['state']['last_error'] = __(
					'The export could not be written (is the uploads folder writable?), so nothing was deleted.',
					'cart-sessions-for-cocart'
				);
				RunRecord::finish( $run, 'failed' );
				return $run;
			}
			if ( $bulk ) {
				// The bulk tool deletes them all in one go: export them all now.
				$rows = array();
				foreach ( $queue as list( $key ) ) {
					$rows[] = $current['rows'][ $key ];
				}
				$run['state']['export_rows'] = Export::append( (string) $run['export_file'], $rows, 0 );
			}
		}
		if ( 0 === $run['found'] ) {
			RunRecord::finish( $run, 'done' );
			return $run;
		}
		$run['state']['timings']['step_ms'] += self::ms_since( $started );
		Runs::save( $run );
		return $run;
	}

	/**
	 * Advances a run by one batch. A run that is not running comes back as it is.
	 *
	 * @return array<string,mixed>|WP_Error The run, or 404.
	 */
	public function step( int $run_id ) {
		$run = Runs::get( $run_id );
		if ( null === $run ) {
			return self::not_found( $run_id );
		}
		if ( 'running' !== $run['status'] ) {
			return $run;
		}
		// Two drivers (two tabs, WP-Cron and the command line) may step the same run at once: exactly one claims
		// this batch; the other comes back with the run as it is, and the claimer saves it when done.
		if ( ! Runs::claim( $run_id, (int) $run['state']['position'] ) ) {
			$holder = Lock::holder();
			if ( null !== $holder && $holder['run_id'] === $run_id && $holder['expires'] >= time() ) {
				return Runs::get( $run_id ) ?? $run;
			}
			// Claimed by a driver that died mid-batch, and nobody has held the lock since.
		}
		if ( ! Lock::refresh( $run_id ) ) {
			$run['state']['last_error'] = __(
				'The run stopped: nobody advanced it for too long, so its lock expired.',
				'cart-sessions-for-cocart'
			);
			RunRecord::finish( $run, 'failed' );
			return $run;
		}
		$started = microtime( true );
		++$run['state']['timings']['steps'];
		if ( $run['bulk'] ) {
			$run = $this->step_bulk( $run );
		} else {
			$run = $this->step_carts( $run );
		}
		$run['state']['timings']['step_ms'] += self::ms_since( $started );
		if ( 'running' === $run['status'] ) {
			if ( 'cancelled' === Runs::status( $run_id ) ) {
				// Cancelled while this batch ran: keep its counts (those deletes happened), and the cancel.
				RunRecord::finish( $run, 'cancelled' );
				return $run;
			}
			Runs::save( $run );
		}
		return $run;
	}

	/**
	 * @return array<string,mixed>|WP_Error
	 */
	public function cancel( int $run_id ) {
		$run = Runs::get( $run_id );
		if ( null === $run ) {
			return self::not_found( $run_id );
		}
		if ( 'running' === $run['status'] ) {
			RunRecord::finish( $run, 'cancelled' );
		}
		return $run;
	}

	/**
	 * One batch, cart by cart.
	 *
	 * @param array<string,mixed> $run
	 * @return array<string,mixed>
	 */
	private function step_carts( array $run ): array {
		$rule  = Rule::from_array( $run['rule'] );
		$queue = (array) $run['state']['queue'];
		$size  = self::batch_size( $this->service->in_process() );
		$batch = array_slice( $queue, (int) $run['state']['position'], $size );
		if ( array() === $batch || ! $rule instanceof Rule ) {
			RunRecord::finish( $run, 'done' );
			return $run;
		}
		// The re-check: the batch's carts as the store lists them now, just before the deletes.
		$t    = microtime( true );
		$rows = $this->service->current_rows( array_column( $batch, 0 ) );
		$run['state']['timings']['list_ms']  += self::ms_since( $t );
		$run['state']['timings']['requests'] += 1;
		if ( $rows instanceof WP_Error ) {
			return RunRecord::step_failed( $run, $rows );
		}
		$now   = time();
		$check = array();
		foreach ( $batch as list( $key, $stamp ) ) {
			$row = $rows[ $key ] ?? null;
			if ( null === $row ) {
				RunRecord::skip( $run, $key, 'gone' );
			} elseif ( (string) $row['expires'] !== $stamp ) {
				RunRecord::skip( $run, $key, 'touched' );
			} else {
				$check[] = $key;
			}
		}
		$max   = self::concurrency();
		$level = Pace::level( (array) ( $run['state']['pace'] ?? array() ), $max );
		if ( $rule->needs_details() && array() !== $check ) {
			$t                                   = microtime( true );
			$before                              = $this->service->detail_requests();
			$this->service->fetch_details( $rows, $check, microtime( true ) + 20.0, $level );
			$run['state']['timings']['detail_ms'] += self::ms_since( $t );
			$run['state']['timings']['requests']  += $this->service->detail_requests() - $before;
		}
		$delete = array();
		foreach ( $check as $key ) {
			$row = $rows[ $key ];
			if ( $rule->matches( $row, $now ) ) {
				$delete[] = $key;
			} elseif ( self::detail_unknown( $rule, $row ) ) {
				RunRecord::fail(
					$run,
					$key,
					null !== $row['detail_error']
						? (string) $row['detail_error']
						: __(
							'Not deleted: its items and total could not be read from the store, so whether it matches the rule is unknown.', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
							'cart-sessions-for-cocart'
						)
				);
			} else {
				--$run['found']; // Its detail shows it does not match: never one of the run's carts.
			}
		}
		if ( null !== $run['export_file'] && array() !== $delete ) {
			$t                           = microtime( true );
			$run['state']['export_rows'] = Export::append(
				(string) $run['export_file'],
				array_map(
					static function ( string $key ) use ( $rows ): array {
						return $rows[ $key ];
					},
					$delete
				),
				(int) $run['state']['export_rows']
			);
			$run['state']['timings']['export_ms'] += self::ms_since( $t );
		}
		if ( array() !== $delete ) {
			$t       = microtime( true );
			$outcome = $this->service->delete_keys(
				$delete,
				array(
					'context' => 'cleanup',
					'run_id'  => $run['id'],
					'user_id' => $run['user_id'],
				),
				$level
			);
			$took                                  = self::ms_since( $t );
			$run['state']['timings']['delete_ms'] += $took;
			$run['state']['timings']['requests']  += count( $delete );
			$run['state']['pace']                  = Pace::after(
				(array) ( $run['state']['pace'] ?? array() ),
				$level,
				count( $delete ),
				$took,
				$max
			);
			$run['state']['timings']['concurrency'] = $level;
			if ( $outcome instanceof WP_Error ) {
				return RunRecord::step_failed( $run, $outcome );
			}
			foreach ( $outcome['results'] as $result ) {
				if ( 'deleted' === $result['result'] ) {
					++$run['deleted'];
				} elseif ( 'not_found' === $result['result'] ) {
					RunRecord::skip( $run, (string) $result['key'], 'gone' );
				} else {
					RunRecord::fail( $run, (string) $result['key'], (string) $result['message'] );
				}
			}
		}
		$run['state']['errors']     = 0;
		$run['state']['last_error'] = null;
		$run['state']['position']   = (int) $run['state']['position'] + count( $batch );
		if ( $run['state']['position'] >= count( $queue ) ) {
			RunRecord::finish( $run, 'done' );
		}
		return $run;
	}

	/**
	 * The bulk tool, then which of the chosen carts went.
	 *
	 * @param array<string,mixed> $run
	 * @return array<string,mixed>
	 */
	private function step_bulk( array $run ): array {
		if ( ! empty( $run['state']['by_counts'] ) ) {
			return $this->step_bulk_by_counts( $run );
		}
		$t       = microtime( true );
		$cleared = self::bulk_tool( $this->service, self::context( $run ) );
		$run['state']['timings']['delete_ms'] += self::ms_since( $t );
		$run['state']['timings']['requests']  += 1;
		if ( $cleared instanceof WP_Error ) {
			return RunRecord::step_failed( $run, $cleared );
		}
		$t       = microtime( true );
		$current = $this->service->all_rows( true, false );
		$run['state']['timings']['list_ms']  += self::ms_since( $t );
		$run['state']['timings']['requests'] += 1;
		if ( $current instanceof WP_Error ) {
			// The tool ran; only which carts went is unknown. Say so rather than guess.
			$run['state']['last_error'] = __(
				'CoCart’s bulk tool ran, but the store’s list could not be fetched afterwards to count what it deleted.', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
				'cart-sessions-for-cocart'
			) . ' ' . $current->get_error_message();
			RunRecord::finish( $run, 'failed' );
			return $run;
		}
		$results = array();
		foreach ( (array) $run['state']['queue'] as list( $key ) ) {
			if ( isset( $current['rows'][ $key ] ) ) {
				RunRecord::skip( $run, $key, 'touched' ); // Still there: its expiry moved before the tool ran.
			} else {
				++$run['deleted'];
				$results[] = array(
					'key'     => $key,
					'result'  => 'deleted',
					'message' => null,
				);
			}
		}
		Deleter::announce( $results, self::context( $run ) );
		$run['state']['position'] = count( (array) $run['state']['queue'] );
		RunRecord::finish( $run, 'done' );
		return $run;
	}

	/**
	 * Every expired cart, on a store whose list is too big to fetch (docs/cocart-api.md#measured): found and deleted
	 * come from the counts wc/v3/system_status gives; the carts cannot be named.
	 *
	 * @param array<string,mixed> $run
	 * @return array<string,mixed>|WP_Error
	 */
	private function start_bulk_by_counts( array $run, bool $export ) {
		$counts = StoreInfo::get( null, true )['counts'];
		if ( null === $counts || ! isset( $counts['carts_in_session'], $counts['count_carts_active'] ) ) {
			$run['state']['last_error'] = __(
				'The store’s list is too big to fetch and its cart counts are not available, so what would be deleted is unknown.', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
				'cart-sessions-for-cocart'
			);
			RunRecord::finish( $run, 'failed' );
			return $run;
		}
		if ( $export ) {
			$run['state']['last_error'] = __(
				'The store’s list is too big to fetch, so the carts cannot be exported before deleting them. Run it again without the export.', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
				'cart-sessions-for-cocart'
			);
			RunRecord::finish( $run, 'failed' );
			return $run;
		}
		$run['state']['by_counts'] = (int) $counts['carts_in_session'];
		$run['found']              = max( 0, (int) $counts['carts_in_session'] - (int) $counts['count_carts_active'] );
		Runs::save( $run );
		return $run;
	}

	/**
	 * @param array<string,mixed> $run
	 * @return array<string,mixed>
	 */
	private function step_bulk_by_counts( array $run ): array {
		$cleared = self::bulk_tool( $this->service, self::context( $run ) );
		if ( $cleared instanceof WP_Error ) {
			return RunRecord::step_failed( $run, $cleared );
		}
		if ( null !== $cleared['after'] ) {
			$run['deleted'] = max( 0, (int) $run['state']['by_counts'] - $cleared['after'] );
			$run['skipped'] = max( 0, $run['found'] - $run['deleted'] );
		}
		RunRecord::finish( $run, 'done' );
		return $run;
	}

	/**
	 * CoCart's "Clear expired carts" tool from the Sessions tab: under the cleanup lock (it must not run while a
	 * cleanup run re-checks its carts), and audited like every call of the tool.
	 *
	 * @return array{cleared:int|null,before:int|null,after:int|null,message:string}|WP_Error 409 while a cleanup
	 *                                                                                            run holds the lock.
	 */
	public function clear_expired_now( int $user_id ) {
		if ( ! Lock::acquire( self::TOOL_LOCK ) ) {
			return self::locked();
		}
		try {
			return self::bulk_tool(
				$this->service,
				array(
					'context' => 'cleanup_bulk',
					'run_id'  => null,
					'user_id' => $user_id,
				)
			);
		} finally {
			Lock::release( self::TOOL_LOCK );
		}
	}

	/**
	 * 409: the cleanup lock is held — by a run (named), or by "Clear expired carts" on the Sessions tab.
	 */
	private static function locked(): WP_Error {
		$holder = Lock::holder();
		$run_id = null !== $holder && $holder['run_id'] > 0 ? $holder['run_id'] : null;
		return new WP_Error(
			'cart_sessions_cleanup_locked',
			null !== $run_id
				? sprintf(
					/* translators: %d: run number */
					__(
						'Cleanup run #%d is in progress. Wait for it to finish, or cancel it, then start again.',
						'cart-sessions-for-cocart'
					),
					$run_id
				)
				: __(
					'Another cleanup, or “Clear expired carts”, is in progress. Wait for it to finish, then start again.', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
					'cart-sessions-for-cocart'
				),
			array(
				'status' => 409,
				'run_id' => $run_id,
			)
		);
	}

	/**
	 * Every call of CoCart's bulk tool goes through here: the tool with the store's cart counts before and after,
	 * and one audit row saying who ran it, when, and those counts (the tool cannot name the carts it deletes).
	 *
	 * @param array<string,mixed> $context context, run_id, user_id.
	 * @return array{cleared:int|null,before:int|null,after:int|null,message:string}|WP_Error
	 */
	private static function bulk_tool( Service $service, array $context ) {
		$cleared = $service->clear_expired( true );
		$unknown = __( 'unknown', 'cart-sessions-for-cocart' );
		Audit::record(
			array(
				array(
					'key'     => '*',
					'result'  => $cleared instanceof WP_Error ? 'failed' : 'deleted',
					'message' => $cleared instanceof WP_Error
						? $cleared->get_error_message()
						: sprintf(
							/* translators: 1: carts on the store before, 2: carts after */
							__(
								'CoCart’s “Clear expired carts” tool: %1$s carts on the store before, %2$s after.',
								'cart-sessions-for-cocart'
							),
							null === $cleared['before'] ? $unknown : number_format_i18n( $cleared['before'] ),
							null === $cleared['after'] ? $unknown : number_format_i18n( $cleared['after'] )
						),
				),
			),
			$context
		);
		return $cleared;
	}

	/**
	 * The audit context of a run's bulk-tool deletes.
	 *
	 * @param array<string,mixed> $run
	 * @return array<string,mixed>
	 */
	private static function context( array $run ): array {
		return array(
			'context' => 'cleanup_bulk',
			'run_id'  => $run['id'],
			'user_id' => $run['user_id'],
		);
	}

	/**
	 * Whether the rule needs a detail this row does not have yet.
	 *
	 * @param array<string,mixed> $row
	 */
	private static function detail_unknown( Rule $rule, array $row ): bool {
		return ( $rule->empty_only && null === $row['item_count'] )
			|| ( null !== $rule->max_total && null === $row['total'] );
	}

	private static function not_found( int $run_id ): WP_Error {
		return new WP_Error(
			'cart_sessions_run_not_found',
			/* translators: %d: run number */
			sprintf( __( 'There is no cleanup run #%d.', 'cart-sessions-for-cocart' ), $run_id ),
			array( 'status' => 404 )
		);
	}

	private static function ms_since( float $started ): int {
		return (int) round( ( microtime( true ) - $started ) * 1000 );
	}
}
