<?php
/**
 * Cleanup against the store double over real HTTP, with true answers computed from the double's table: the
 * preview lists exactly the carts a rule matches; a run deletes exactly those and nothing else; a cart touched
 * between preview and run (or during the run) is kept; with 20 % of deletes failing the run finishes and names
 * each failure, and a second run finishes the job; the bulk tool is used for "every expired cart" only; every
 * result is in the audit.
 */

declare(strict_types=1);

require_once __DIR__ . '/CleanupTestCase.php';

use CartSessions\Cleanup\Runs;
use CoCartDouble\Control;

final class CleanupRunTest extends CleanupTestCase {

	/**
	 * Every matching cart, all preview pages.
	 *
	 * @param array<string,mixed> $rule
	 * @return array{keys:string[],body:array<string,mixed>}
	 */
	private function preview_keys( array $rule ): array {
		$keys = array();
		$args = $rule;
		if ( array_key_exists( 'max_total', $args ) && null === $args['max_total'] ) {
			$args['max_total'] = '';
		}
		for ( $page = 1; ; $page++ ) {
			$body = $this->ok( 'GET', 'cleanup/preview', $args + array( 'page' => $page, 'per_page' => 100 ) );
			$keys = array_merge( $keys, array_column( $body['items'], 'key' ) );
			if ( $page >= max( 1, $body['total_pages'] ) ) {
				break;
			}
		}
		$keys = array_map( 'strval', $keys );
		sort( $keys, SORT_STRING );
		return array(
			'keys' => $keys,
			'body' => $body,
		);
	}

	public function test_the_preview_lists_exactly_the_carts_each_rule_matches(): void {
		$this->connect();
		$this->seed( 300 );
		// Exactness, not the time budget, is under test here: a loaded machine must not leave details unread.
		$budget = static function (): float {
			return 120.0;
		};
		add_filter( 'cart_sessions_preview_budget', $budget );
		$rules = array(
			array(),
			array( 'expired_days' => 0 ),
			array( 'expired_days' => 10, 'source' => 'woocommerce' ),
			array( 'expired_days' => 5, 'keep_with_email' => true, 'source' => 'other' ),
			array( 'expired_days' => 20, 'empty_only' => true ),
			array( 'expired_days' => 0, 'max_total' => '40.00' ),
		);
		$table = $this->table();
		foreach ( $rules as $rule ) {
			$truth   = $this->truth( $rule );
			$preview = $this->preview_keys( $rule );
			$this->assertNotEmpty( $truth, 'the seeded store has carts for ' . wp_json_encode( $rule ) );
			$this->assertSame( $truth, $preview['keys'], 'preview of ' . wp_json_encode( $rule ) );
			$this->assertSame( count( $truth ), $preview['body']['count'] );
			$this->assertSame( 0, $preview['body']['details_pending'] );
			$expected = 0;
			foreach ( $truth as $key ) {
				$expected += (int) round( 100 * (float) $table[ $key ]['total'] );
			}
			$this->assertSame(
				number_format( $expected / 100, 2, '.', '' ),
				$preview['body']['value_total'],
				'value of ' . wp_json_encode( $rule )
			);
			$this->assertSame(
				array() === $rule || array( 'expired_days' => 0 ) !== $rule ? false : true,
				$preview['body']['bulk']
			);
		}
		$this->assertSame( 0, $this->counts()['delete'], 'a preview deletes nothing' );
		remove_filter( 'cart_sessions_preview_budget', $budget );
	}

	public function test_a_preview_stops_at_its_time_budget_and_the_next_one_continues(): void {
		$this->connect();
		$this->seed( 60 );
		$rule    = array( 'expired_days' => 1, 'empty_only' => true );
		$nothing = static function (): float {
			return 0.0;
		};
		add_filter( 'cart_sessions_preview_budget', $nothing );
		$first = $this->ok( 'GET', 'cleanup/preview', $rule );
		remove_filter( 'cart_sessions_preview_budget', $nothing );
		$this->assertGreaterThan( 0, $first['details_pending'], 'no time: the details are still to read' );
		$this->assertSame( 0, $first['count'], 'a cart whose items are unknown is never counted as empty' );
		$second = $this->ok( 'GET', 'cleanup/preview', $rule + array( 'per_page' => 100 ) );
		$this->assertSame( 0, $second['details_pending'] );
		$keys = array_map( 'strval', array_column( $second['items'], 'key' ) );
		sort( $keys, SORT_STRING );
		$this->assertSame( $this->truth( $rule ), $keys );
	}

	public function test_a_run_deletes_exactly_the_matching_carts_and_nothing_else(): void {
		$this->connect();
		$this->seed( 120 );
		$rule   = array( 'expired_days' => 20, 'source' => 'cocart', 'keep_with_email' => true );
		$truth  = $this->truth( $rule );
		$before = $this->keys_left();
		$this->assertNotEmpty( $truth );
		$this->assertSame( $truth, $this->preview_keys( $rule )['keys'] );
		$this->upstream = array();

		$run = $this->run_to_end( $rule );

		$this->assertSame( 'done', $run['status'] );
		$this->assertFalse( $run['bulk'] );
		$this->assertSame( count( $truth ), $run['found'] );
		$this->assertSame( count( $truth ), $run['deleted'] );
		$this->assertSame( 0, $run['skipped'] + $run['failed'] );
		$this->assertOnlyGone( $before, $truth );
		$this->assertSame( count( $truth ), $this->counts()['delete'], 'one DELETE per cart, none more' );
		$this->assertSame(
			(int) ceil( count( $truth ) / 25 ),
			$this->counts()['list'] - 1,
			'one list at the start, one re-check per batch of 25'
		);
		$this->assertSame(
			0,
			$this->counts()['single'] + $this->counts()['other'],
			'no detail reads and no probes on a rule without item or value conditions'
		);
		$this->assertLessThanOrEqual( 1, $this->counts()['status'], 'the store facts read once at most, not a batch' );
		$this->assertSame( 'manual', $run['trigger'] );
		$this->assertSame( get_current_user_id(), $run['user']['id'] );

		// The audit names every cart, and the history shows the run.
		$audit = $this->ok( 'GET', 'audit', array( 'run_id' => $run['id'], 'per_page' => 100 ) );
		$keys  = array_column( $audit['items'], 'cart_key' );
		sort( $keys, SORT_STRING );
		$this->assertSame( $truth, $keys );
		$this->assertSame(
			array( 'cleanup' ),
			array_values( array_unique( array_column( $audit['items'], 'context' ) ) )
		);
		$history = $this->ok( 'GET', 'cleanup/runs' );
		$this->assertSame( 1, $history['total'] );
		$this->assertSame( $run['id'], $history['items'][0]['id'] );
		$this->assertSame( count( $truth ), $history['items'][0]['deleted'] );
	}

	public function test_a_rule_on_items_and_value_fetches_details_and_deletes_only_matches(): void {
		$this->connect();
		$this->seed( 80 );
		$rule   = array( 'expired_days' => 1, 'empty_only' => true );
		$truth  = $this->truth( $rule );
		$before = $this->keys_left();
		$this->assertNotEmpty( $truth );
		// No preview first: the run's steps fetch the details themselves.
		$run = $this->run_to_end( $rule );
		$this->assertSame( 'done', $run['status'] );
		$this->assertSame( count( $truth ), $run['found'], 'found = carts that really match, once details are known' );
		$this->assertSame( count( $truth ), $run['deleted'] );
		$this->assertOnlyGone( $before, $truth );
	}

	public function test_a_cart_touched_between_preview_and_run_or_during_the_run_is_kept(): void {
		global $wpdb;
		$this->connect();
		$this->seed( 100 );
		$rule  = array( 'expired_days' => 3 );
		$truth = $this->truth( $rule );
		$this->assertGreaterThan( 30, count( $truth ) );
		$this->assertSame( $truth, $this->preview_keys( $rule )['keys'] );

		// The customer comes back between the preview and the run: CoCart re-stamps the expiry.
		$early = $truth[0];
		$wpdb->update(
			\CoCartDouble\Schema::carts_table(),
			array( 'cart_expiry' => time() + 2 * DAY_IN_SECONDS ),
			array( 'cart_key' => $early )
		);

		$response = $this->call( 'POST', 'cleanup/run', array( 'rule' => $rule ) );
		$this->assertSame( 201, $response->get_status() );
		$run = $response->get_data()['run'];
		$this->assertSame( count( $truth ) - 1, $run['found'], 'the run starts from the store as it is now' );

		// And another one comes back while the run is going, after its start: its expiry moved, so it is skipped.
		$late_row = $wpdb->get_row(
			$wpdb->prepare(
				'SELECT cart_key, cart_expiry FROM ' . \CoCartDouble\Schema::carts_table() . ' WHERE cart_key = %s',
				$truth[ count( $truth ) - 1 ]
			),
			ARRAY_A
		);
		$wpdb->update(
			\CoCartDouble\Schema::carts_table(),
			array( 'cart_expiry' => (int) $late_row['cart_expiry'] + 1 ),
			array( 'cart_key' => $late_row['cart_key'] )
		);

		while ( 'running' === $run['status'] ) {
			$run = $this->ok( 'POST', 'cleanup/runs/' . $run['id'] . '/step' )['run'];
		}
		$this->assertSame( 'done', $run['status'] );
		$this->assertSame( 1, $run['skipped'] );
		$this->assertSame( $late_row['cart_key'], $run['skips'][0]['key'] );
		$this->assertStringContainsString( 'expiry moved', $run['skips'][0]['reason'] );
		$this->assertSame( count( $truth ) - 2, $run['deleted'] );
		$left = $this->keys_left();
		$this->assertContains( $early, $left );
		$this->assertContains( (string) $late_row['cart_key'], $left );
		$this->assertSame(
			array(),
			array_values( array_intersect( array_diff( $truth, array( $early, $late_row['cart_key'] ) ), $left ) )
		);
	}

	public function test_with_a_fifth_of_deletes_failing_the_run_finishes_names_each_failure_and_a_second_run_finishes(
	): void {
		$this->connect();
		$this->seed( 150 );
		$rule  = array( 'expired_days' => 2 );
		$truth = $this->truth( $rule );
		$this->assertGreaterThan( 60, count( $truth ) );
		Control::set_faults(
			array(
				'fault'  => '500',
				'routes' => array( 'delete' ),
				'share'  => 0.2,
			)
		);

		$first = $this->run_to_end( $rule );

		$this->assertSame( 'done', $first['status'], 'failures do not stop the run' );
		$this->assertGreaterThan( 0, $first['failed'] );
		$this->assertLessThan( count( $truth ), $first['failed'] );
		$this->assertSame( count( $truth ), $first['deleted'] + $first['failed'] + $first['skipped'] );
		$failed_keys = array_map( 'strval', array_column( $first['failures'], 'key' ) );
		sort( $failed_keys, SORT_STRING );
		$this->assertSame(
			$failed_keys,
			array_values( array_intersect( $truth, $this->keys_left() ) ),
			'exactly the failed carts are still there'
		);
		foreach ( $first['failures'] as $failure ) {
			$this->assertNotSame( '', $failure['reason'] );
		}
		$audit = $this->ok(
			'GET',
			'audit',
			array( 'run_id' => $first['id'], 'result' => 'failed', 'per_page' => 100 )
		);
		$this->assertSame( count( $failed_keys ), $audit['total'] );

		Control::reset(); // The store recovers.
		$second = $this->run_to_end( $rule );
		$this->assertSame( 'done', $second['status'] );
		$this->assertSame( count( $failed_keys ), $second['found'] );
		$this->assertSame( count( $failed_keys ), $second['deleted'] );
		$this->assertSame( 0, $second['failed'] );
		$this->assertSame( array(), array_values( array_intersect( $truth, $this->keys_left() ) ), 'the job is done' );
	}

	public function test_every_expired_cart_goes_through_the_bulk_tool_in_one_request(): void {
		$this->connect();
		$this->seed( 200 );
		$truth  = $this->truth( array( 'expired_days' => 0 ) );
		$before = $this->keys_left();
		$this->upstream = array();
		$fired  = array();
		$listen = static function ( array $keys, array $context ) use ( &$fired ): void {
			$fired[] = array( $keys, $context );
		};
		add_action( 'cart_sessions_deleted', $listen, 10, 2 );

		$run = $this->run_to_end( array( 'expired_days' => 0 ), true );

		remove_action( 'cart_sessions_deleted', $listen, 10 );
		$this->assertTrue( $run['bulk'] );
		$this->assertSame( 'done', $run['status'] );
		$this->assertSame( count( $truth ), $run['found'] );
		$this->assertSame( count( $truth ), $run['deleted'] );
		$this->assertOnlyGone( $before, $truth );
		$this->assertSame( 0, $this->counts()['delete'], 'no cart-by-cart deletes' );
		$tools = array_filter(
			$this->upstream,
			static function ( array $r ): bool {
				return false !== strpos( $r['url'], '/wc/v3/system_status/tools/cocart_cleanup_carts' );
			}
		);
		$this->assertCount( 1, $tools );
		$this->assertSame( 'PUT', array_values( $tools )[0]['method'] );
		$this->assertCount( 1, $fired );
		$deleted = $fired[0][0];
		sort( $deleted, SORT_STRING );
		$this->assertSame( $truth, $deleted );
		$this->assertSame( 'cleanup_bulk', $fired[0][1]['context'] );
		$this->assertSame( $run['id'], $fired[0][1]['run_id'] );

		// The export holds every deleted cart, and is served only to those who may see it.
		$this->assertNotNull( $run['export_url'] );
		$export = $this->ok( 'GET', 'cleanup/runs/' . $run['id'] . '/export' );
		$exported = array_map( 'strval', array_column( $export, 'key' ) );
		sort( $exported, SORT_STRING );
		$this->assertSame( $truth, $exported );
		$stored = Runs::get( $run['id'] );
		$this->assertMatchesRegularExpression(
			'/^run-[0-9]+-[A-Za-z0-9]{32}\.json$/',
			(string) $stored['export_file']
		);
		wp_set_current_user( $this->make_user( 'subscriber' ) );
		$this->assertSame( 403, $this->call( 'GET', 'cleanup/runs/' . $run['id'] . '/export' )->get_status() );
	}

	public function test_a_rule_with_a_condition_never_uses_the_bulk_tool(): void {
		$this->connect();
		$this->seed( 40 );
		$run = $this->run_to_end( array( 'expired_days' => 0, 'source' => 'woocommerce' ) );
		$this->assertFalse( $run['bulk'] );
		foreach ( $this->upstream as $request ) {
			$this->assertStringNotContainsString( 'system_status/tools', $request['url'] );
		}
		$this->assertSame( $run['deleted'], $this->counts()['delete'] );
	}

	public function test_a_cancel_that_lands_while_a_batch_runs_wins_and_keeps_the_batch_counts(): void {
		global $wpdb;
		$this->connect();
		$this->seed( 100 );
		$run   = $this->call(
			'POST',
			'cleanup/run',
			array( 'rule' => array( 'expired_days' => 1 ) )
		)->get_data()['run'];
		$table = \CartSessions\Storage\Schema::table( 'runs' );
		// The cancel arrives while the step is busy deleting: the step's own save must not revive the run.
		$cancel_midway = static function () use ( $wpdb, $table, $run ): void {
			$wpdb->update( $table, array( 'status' => 'cancelled' ), array( 'id' => $run['id'] ) );
		};
		add_action( 'cart_sessions_deleted', $cancel_midway );
		$after = $this->ok( 'POST', 'cleanup/runs/' . $run['id'] . '/step' )['run'];
		remove_action( 'cart_sessions_deleted', $cancel_midway );
		$this->assertSame( 'cancelled', $after['status'] );
		$this->assertSame( 25, $after['deleted'] );
		$this->assertSame( 'cancelled', Runs::get( $run['id'] )['status'] );
		$this->assertSame( 25, Runs::get( $run['id'] )['deleted'] );
		$this->assertNull( \CartSessions\Cleanup\Lock::holder(), 'the lock is released' );
	}

	public function test_cancel_stops_a_run_and_releases_the_lock(): void {
		$this->connect();
		$this->seed( 150 );
		$rule     = array( 'expired_days' => 1 );
		$response = $this->call( 'POST', 'cleanup/run', array( 'rule' => $rule ) );
		$run      = $response->get_data()['run'];
		$run      = $this->ok( 'POST', 'cleanup/runs/' . $run['id'] . '/step' )['run'];
		$this->assertSame( 'running', $run['status'] );
		$this->assertSame( 25, $run['processed'], 'one batch of 25 per step' );
		$run = $this->ok( 'POST', 'cleanup/runs/' . $run['id'] . '/cancel' )['run'];
		$this->assertSame( 'cancelled', $run['status'] );
		$after = $this->ok( 'POST', 'cleanup/runs/' . $run['id'] . '/step' )['run'];
		$this->assertSame( 25, $after['processed'], 'a cancelled run does not move' );
		$this->assertSame(
			201,
			$this->call( 'POST', 'cleanup/run', array( 'rule' => $rule ) )->get_status(),
			'the lock is free again'
		);
	}
}
