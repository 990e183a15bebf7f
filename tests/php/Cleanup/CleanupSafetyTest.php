<?php
/**
 * The cleanup's guards: two runs started together over real HTTP — one runs, the other is refused with 409; an
 * abandoned run's lock expires and can be taken over; deletes from the Sessions browser land in the audit and fire
 * cart_sessions_deleted; bad rules are 400s naming the field; the command line drives a run to its end.
 */

declare(strict_types=1);

require_once __DIR__ . '/CleanupTestCase.php';

use CartSessions\Cleanup\Cli;
use CartSessions\Cleanup\Lock;
use CartSessions\Cleanup\Runs;

final class CleanupSafetyTest extends CleanupTestCase {

	public function test_two_runs_started_together_one_runs_and_the_other_is_refused(): void {
		$this->connect();
		$this->seed( 60 );
		$user_id = get_current_user_id();
		list( $password ) = WP_Application_Passwords::create_new_application_password(
			$user_id,
			array( 'name' => 'cleanup test' )
		);
		$login = get_userdata( $user_id )->user_login;
		$body  = (string) wp_json_encode( array( 'rule' => array( 'expired_days' => 1 ) ) );
		$multi = curl_multi_init();
		$handles = array();
		for ( $i = 0; $i < 2; $i++ ) {
			$ch = curl_init( self::HTTP . '/wp-json/cart-sessions/v1/cleanup/run' );
			curl_setopt_array(
				$ch,
				array(
					CURLOPT_POST           => true,
					CURLOPT_POSTFIELDS     => $body,
					CURLOPT_HTTPHEADER     => array( 'Content-Type: application/json' ),
					CURLOPT_USERPWD        => $login . ':' . $password,
					CURLOPT_RETURNTRANSFER => true,
					CURLOPT_TIMEOUT        => 30,
				)
			);
			curl_multi_add_handle( $multi, $ch );
			$handles[] = $ch;
		}
		do {
			curl_multi_exec( $multi, $running );
			curl_multi_select( $multi, 0.05 );
		} while ( $running > 0 );
		$answers = array();
		foreach ( $handles as $ch ) {
			$answers[] = array(
				(int) curl_getinfo( $ch, CURLINFO_RESPONSE_CODE ),
				json_decode( (string) curl_multi_getcontent( $ch ), true ),
			);
			curl_multi_remove_handle( $multi, $ch );
		}
		curl_multi_close( $multi );
		$statuses = array_column( $answers, 0 );
		sort( $statuses );
		$this->assertSame( array( 201, 409 ), $statuses, (string) wp_json_encode( $answers ) );
		$refused = 409 === $answers[0][0] ? $answers[0][1] : $answers[1][1];
		$started = 201 === $answers[0][0] ? $answers[0][1] : $answers[1][1];
		$this->assertSame( 'cart_sessions_cleanup_locked', $refused['code'] );
		$this->assertSame( $started['run']['id'], $refused['data']['run_id'] );
		$this->assertStringContainsString( '#' . $started['run']['id'], $refused['message'] );
		$this->assertSame( 1, $this->ok( 'GET', 'cleanup/runs' )['total'], 'the refused start is not a run' );
	}

	public function test_two_drivers_stepping_the_same_run_at_once_delete_and_audit_each_cart_once(): void {
		global $wpdb;
		$this->connect();
		$this->seed( 80 );
		$run    = $this->call(
			'POST',
			'cleanup/run',
			array( 'rule' => array( 'expired_days' => 1 ) )
		)->get_data()['run'];
		$second = null;
		// A second driver (another tab, WP-Cron or the command line) steps the run while the first is on its
		// batch: just after the first one's re-check of the list, before its deletes.
		$other_driver = function ( $response, $context, $class, $args, $url ) use ( $run, &$second ): void {
			if (
				null === $second
				&& 'GET' === ( $args['method'] ?? '' )
				&& false !== strpos( (string) $url, '/cocart/v2/sessions' )
			) {
				$second = 'started';
				$second = ( new \CartSessions\Cleanup\Runner() )->step( (int) $run['id'] );
			}
		};
		add_action( 'http_api_debug', $other_driver, 5, 5 );
		$first = $this->ok( 'POST', 'cleanup/runs/' . $run['id'] . '/step' )['run'];
		remove_action( 'http_api_debug', $other_driver, 5 );
		$this->assertIsArray( $second );
		$this->assertSame( 0, $second['deleted'], 'the second driver did not run the batch' );
		$this->assertSame( 25, $first['deleted'] );
		$table = \CartSessions\Storage\Schema::table( 'audit' );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$rows  = (int) $wpdb->get_var(
			$wpdb->prepare( "SELECT COUNT(*) FROM {$table} WHERE run_id = %d", $run['id'] )
		);
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$keys  = (int) $wpdb->get_var(
			$wpdb->prepare( "SELECT COUNT(DISTINCT cart_key) FROM {$table} WHERE run_id = %d", $run['id'] )
		);
		$this->assertSame( 25, $rows, 'one audit row per cart, not two' );
		$this->assertSame( 25, $keys );
		$this->assertSame( 25, $this->counts()['delete'] ?? 0, 'each cart deleted once' );
		$stored = Runs::get( (int) $run['id'] );
		$this->assertSame( 25, $stored['deleted'] );
		$this->assertSame( 25, (int) $stored['state']['position'] );
		// And the run goes on from there.
		$next = $this->ok( 'POST', 'cleanup/runs/' . $run['id'] . '/step' )['run'];
		$this->assertSame( 50, $next['deleted'] );
	}

	public function test_lock_acquire_gives_up_when_the_database_refuses(): void {
		global $wpdb;
		$options          = $wpdb->options;
		$wpdb->options    = $wpdb->prefix . 'no_such_table';
		$suppress         = $wpdb->suppress_errors( true );
		$started          = microtime( true );
		$taken            = Lock::acquire( 4242 );
		$wpdb->options    = $options;
		$wpdb->suppress_errors( $suppress );
		$this->assertFalse( $taken );
		$this->assertLessThan( 1.0, microtime( true ) - $started );
		$this->assertNull( Lock::holder() );
	}

	public function test_clear_expired_from_the_sessions_tab_takes_the_cleanup_lock_and_is_audited(): void {
		global $wpdb;
		$this->connect();
		$this->seed( 40 );
		$this->assertTrue( Lock::acquire( 777 ) ); // A cleanup run is in progress.
		$before = $this->keys_left();
		$locked = $this->call( 'POST', 'sessions/clear-expired' );
		$this->assertSame( 409, $locked->get_status(), (string) wp_json_encode( $locked->get_data() ) );
		$this->assertSame( 'cart_sessions_cleanup_locked', $locked->get_data()['code'] );
		$this->assertStringContainsString( '#777', $locked->get_data()['message'] );
		$this->assertSame( $before, $this->keys_left(), 'the tool did not run' );
		Lock::release( 777 );

		$done  = $this->ok( 'POST', 'sessions/clear-expired' );
		$table = \CartSessions\Storage\Schema::table( 'audit' );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$rows  = $wpdb->get_results( "SELECT * FROM {$table}", ARRAY_A );
		$this->assertCount( 1, $rows );
		$this->assertSame( '*', $rows[0]['cart_key'] );
		$this->assertSame( 'cleanup_bulk', $rows[0]['context'] );
		$this->assertSame( get_current_user_id(), (int) $rows[0]['user_id'] );
		$this->assertStringContainsString(
			number_format_i18n(
				(int) $done['before']
			) . ' carts on the store before, ' . number_format_i18n( (int) $done['after'] ) . ' after',
			$rows[0]['message']
		);
		$this->assertNull( Lock::holder(), 'the lock is released' );
	}

	public function test_an_abandoned_run_keeps_the_lock_until_it_expires_then_another_takes_over(): void {
		$this->connect();
		$this->seed( 80 );
		$rule  = array( 'expired_days' => 1 );
		$first = $this->call( 'POST', 'cleanup/run', array( 'rule' => $rule ) )->get_data()['run'];
		$this->assertSame( 'running', $first['status'] );
		$refused = $this->call( 'POST', 'cleanup/run', array( 'rule' => $rule ) );
		$this->assertSame( 409, $refused->get_status() );

		// Nobody steps the first run; its lock runs out.
		global $wpdb;
		$wpdb->update(
			$wpdb->options,
			array( 'option_value' => $first['id'] . ':' . ( time() - 1 ) ),
			array( 'option_name' => Lock::OPTION )
		);
		$second = $this->call( 'POST', 'cleanup/run', array( 'rule' => $rule ) );
		$this->assertSame( 201, $second->get_status() );
		$old = Runs::get( $first['id'] );
		$this->assertSame( 'failed', $old['status'] );
		$this->assertStringContainsString( 'lock expired', (string) $old['state']['last_error'] );
		$stepped = $this->ok( 'POST', 'cleanup/runs/' . $first['id'] . '/step' )['run'];
		$this->assertSame( 'failed', $stepped['status'], 'the old run cannot come back' );
		$this->assertSame( $second->get_data()['run']['id'], Lock::holder()['run_id'] );
	}

	public function test_browser_deletes_are_audited_and_announced(): void {
		$this->connect();
		$this->seed( 30 );
		$rows  = $this->all_rows( array() );
		$keys  = array_values(
			array_filter(
				array_column( $rows, 'key' ),
				static function ( $key ) { return ! ctype_digit( (string) $key ); }
			)
		);
		$fired = array();
		$hook  = static function ( array $deleted, array $context ) use ( &$fired ): void {
			$fired[] = array( $deleted, $context['context'], $context['user_id'] );
		};
		add_action( 'cart_sessions_deleted', $hook, 10, 2 );

		$this->ok( 'DELETE', 'sessions/' . $keys[0] );
		$this->ok( 'POST', 'sessions/delete', array( 'keys' => array( $keys[1], $keys[2] ) ) );
		$this->ok( 'DELETE', 'sessions/' . $keys[0] ); // Already gone: audited, not announced.
		double_fails_the_next_delete();
		$failed = $this->call( 'DELETE', 'sessions/' . $keys[3] );
		\CoCartDouble\Control::reset();
		$this->assertSame( 502, $failed->get_status() );
		$matching = $this->ok(
			'POST',
			'sessions/delete',
			array( 'filter' => array( 'status' => 'active', 'source' => 'woocommerce' ), 'expected_count' => 1000 )
		);

		remove_action( 'cart_sessions_deleted', $hook, 10 );
		$user = get_current_user_id();
		$this->assertSame( array( array( $keys[0] ), 'single', $user ), $fired[0] );
		$this->assertSame( array( array( $keys[1], $keys[2] ), 'bulk', $user ), $fired[1] );
		$this->assertCount( $matching['deleted'] > 0 ? 3 : 2, $fired );

		$audit = $this->ok( 'GET', 'audit', array( 'per_page' => 100 ) )['items'];
		$audit = array_reverse( $audit ); // Oldest first.
		$this->assertSame(
			array( $keys[0], 'single', 'deleted' ),
			array( $audit[0]['cart_key'], $audit[0]['context'], $audit[0]['result'] )
		);
		$this->assertSame(
			array( $keys[1], 'bulk', 'deleted' ),
			array( $audit[1]['cart_key'], $audit[1]['context'], $audit[1]['result'] )
		);
		$this->assertSame(
			array( $keys[2], 'bulk', 'deleted' ),
			array( $audit[2]['cart_key'], $audit[2]['context'], $audit[2]['result'] )
		);
		$this->assertSame(
			array( $keys[0], 'single', 'not_found' ),
			array( $audit[3]['cart_key'], $audit[3]['context'], $audit[3]['result'] )
		);
		$this->assertSame(
			array( $keys[3], 'single', 'failed' ),
			array( $audit[4]['cart_key'], $audit[4]['context'], $audit[4]['result'] )
		);
		$this->assertNotNull( $audit[4]['message'] );
		$this->assertSame( $user, $audit[0]['user']['id'] );
		$this->assertCount( 5 + count( $matching['results'] ), $audit );
		foreach ( array_slice( $audit, 5 ) as $row ) {
			$this->assertSame( 'filter', $row['context'] );
		}
		$this->assertMatchesRegularExpression( '/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/', (string) $audit[0]['created_at'] );
	}

	public function test_the_audit_is_pruned_after_its_retention(): void {
		global $wpdb;
		$table = \CartSessions\Storage\Schema::table( 'audit' );
		$wpdb->insert(
			$table,
			array(
				'created_at' => gmdate( 'Y-m-d H:i:s', time() - 91 * DAY_IN_SECONDS ),
				'cart_key'   => 'old',
				'context'    => 'single',
				'result'     => 'deleted',
			)
		);
		$wpdb->insert(
			$table,
			array(
				'created_at' => gmdate( 'Y-m-d H:i:s', time() - 89 * DAY_IN_SECONDS ),
				'cart_key'   => 'recent',
				'context'    => 'single',
				'result'     => 'deleted',
			)
		);
		\CartSessions\Cleanup\Schedule::prune();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$this->assertSame( array( 'recent' ), $wpdb->get_col( "SELECT cart_key FROM {$table}" ) );
		update_option( 'cart_sessions_audit_retention_days', 30 );
		\CartSessions\Cleanup\Schedule::prune();
		delete_option( 'cart_sessions_audit_retention_days' );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$this->assertSame( array(), $wpdb->get_col( "SELECT cart_key FROM {$table}" ) );
	}

	/**
	 * @return array<string,array{0:string,1:array<string,mixed>,2:string}>
	 */
	public function bad_input(): array {
		return array(
			'negative days'       => array( 'preview', array( 'expired_days' => -1 ), 'expired_days' ),
			'too many days'       => array( 'preview', array( 'expired_days' => 100000 ), 'expired_days' ),
			'days not a number'   => array( 'preview', array( 'expired_days' => 'abc' ), 'expired_days' ),
			'unknown source'      => array( 'preview', array( 'source' => 'shop' ), 'source' ),
			'money with a sign'   => array( 'preview', array( 'max_total' => '$5' ), 'max_total' ),
			'negative money'      => array( 'preview', array( 'max_total' => '-5' ), 'max_total' ),
			'per_page 0'          => array( 'preview', array( 'per_page' => 0 ), 'per_page' ),
			'flag not a bool'     => array( 'preview', array( 'empty_only' => 'maybe' ), 'empty_only' ),
			'run without rule'    => array( 'run', array(), 'rule' ),
			'run unknown field'   => array( 'run', array( 'rule' => array( 'days' => 3 ) ), 'rule' ),
			'run bad money'       => array( 'run', array( 'rule' => array( 'max_total' => '1e9' ) ), 'rule' ),
			'run export not bool' => array( 'run', array( 'rule' => array(), 'export' => 'yes please' ), 'export' ),
			'schedule hour 24'    => array(
				'schedule',
				array( 'enabled' => true, 'hour' => 24, 'rule' => array() ),
				'hour',
			),
			'schedule no enabled' => array( 'schedule', array( 'hour' => 3, 'rule' => array() ), 'enabled' ),
		);
	}

	/**
	 * @dataProvider bad_input
	 * @param array<string,mixed> $params
	 */
	public function test_bad_input_is_a_400_naming_the_field( string $route, array $params, string $field ): void {
		$this->connect();
		$this->upstream = array();
		$response = 'preview' === $route
			? $this->call( 'GET', 'cleanup/preview', $params )
			: $this->call( 'POST', 'run' === $route ? 'cleanup/run' : 'cleanup/schedule', $params );
		$this->assertSame( 400, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		$data = $response->get_data();
		$this->assertContains( $data['code'], array( 'rest_invalid_param', 'rest_missing_callback_param' ) );
		$named = array_merge(
			array_keys( (array) ( $data['data']['params'] ?? array() ) ),
			array_values( array_filter( (array) ( $data['data']['params'] ?? array() ), 'is_string' ) )
		);
		$this->assertContains( $field, $named, (string) wp_json_encode( $data ) );
		$this->assertSame( array(), $this->upstream, 'nothing reached the store' );
		$this->assertSame( 0, $this->ok( 'GET', 'cleanup/runs' )['total'] );
	}

	public function test_unknown_runs_are_404_and_every_route_needs_the_capability(): void {
		$this->assertSame( 404, $this->call( 'POST', 'cleanup/runs/999999/step' )->get_status() );
		$this->assertSame( 404, $this->call( 'GET', 'cleanup/runs/999999' )->get_status() );
		foreach ( array( 'abc', '0', '-1', '1e3', str_repeat( '9', 40 ) ) as $bad ) {
			$response = $this->call( 'POST', 'cleanup/runs/' . $bad . '/step' );
			$this->assertSame( 400, $response->get_status(), $bad );
			$this->assertArrayHasKey( 'id', $response->get_data()['data']['params'] );
		}
		wp_set_current_user( $this->make_user( 'subscriber' ) );
		$specs = array(
			array( 'GET', 'cleanup/preview' ),
			array( 'POST', 'cleanup/run', array( 'rule' => array() ) ),
			array( 'GET', 'cleanup/runs' ),
			array( 'POST', 'cleanup/runs/1/step' ),
			array( 'POST', 'cleanup/runs/1/cancel' ),
			array( 'GET', 'cleanup/schedule' ),
			array( 'POST', 'cleanup/schedule', array( 'enabled' => true, 'hour' => 3, 'rule' => array() ) ),
			array( 'GET', 'audit' ),
		);
		foreach ( $specs as $spec ) {
			list( $method, $route ) = $spec;
			$this->assertSame(
				403,
				$this->call( $method, $route, $spec[2] ?? array() )->get_status(),
				"$method $route"
			);
		}
	}

	public function test_the_command_line_runs_a_cleanup_to_its_end(): void {
		$this->connect();
		$this->seed( 60 );
		$rule   = array( 'expired_days' => 4, 'source' => 'cocart' );
		$truth  = $this->truth( $rule );
		$before = $this->keys_left();
		$said   = array();
		$cli    = new Cli(
			static function ( string $kind, string $text ) use ( &$said ): void {
				$said[] = array( $kind, $text );
			}
		);
		$cli->cleanup( array(), array( 'expired-days' => '4', 'source' => 'cocart', 'dry-run' => true ) );
		$this->assertSame( 'success', $said[0][0] );
		$this->assertStringStartsWith( count( $truth ) . ' carts would be deleted', $said[0][1] );
		$this->assertOnlyGone( $before, array() ); // A dry run deletes nothing.

		$said = array();
		$cli->cleanup( array(), array( 'expired-days' => '4', 'source' => 'cocart' ) );
		$this->assertSame( 'success', end( $said )[0], (string) wp_json_encode( $said ) );
		$this->assertOnlyGone( $before, $truth );
		$run = $this->ok( 'GET', 'cleanup/runs' )['items'][0];
		$this->assertSame( 'cli', $run['trigger'] );
		$this->assertSame( count( $truth ), $run['deleted'] );

		$said = array();
		$cli->cleanup( array(), array( 'expired-days' => 'soon' ) );
		$this->assertSame( 'error', $said[0][0] );
		$this->assertStringContainsString( 'expired_days', $said[0][1] );
	}
}

/**
 * The double fails the next delete with a PHP fatal (WordPress's critical-error page).
 */
function double_fails_the_next_delete(): void {
	\CoCartDouble\Control::set_faults( array( 'fault' => '500', 'routes' => array( 'delete' ), 'times' => 1 ) );
}
