<?php
/**
 * CoCart on this site, called in-process (rest_do_request()): chosen exactly when the store URL is this site and
 * CoCart's session routes are registered here; no key; nothing sent out; no cart row, cookie or header side effect;
 * cron and WP-CLI act as the user who saved the schedule and are refused when that user lost manage_woocommerce;
 * the list's memory guard answers "too big" instead of a fatal; HTTP when WooCommerce's session handler is not
 * CoCart's. The test site is its own store (the double), as a store with this plugin installed is.
 */

declare(strict_types=1);

require_once dirname( __DIR__ ) . '/Sessions/SessionsTestCase.php';

use CartSessions\Cleanup\Cli;
use CartSessions\Cleanup\Rule;
use CartSessions\Cleanup\Runner;
use CartSessions\Cleanup\Schedule;
use CartSessions\CoCart\Client;
use CartSessions\CoCart\Doctor;
use CartSessions\CoCart\InProcess;
use CartSessions\Credentials\Settings;
use CartSessions\Health\SiteHealth;
use CartSessions\Storage\Schema as PluginSchema;
use CoCartDouble\Control;
use CoCartDouble\Schema as ControlSchema;
use CoCartDouble\WooCommerce;

/**
 * A session handler some other plugin put in place of CoCart's.
 */
final class NotCoCartSessionHandler {
	public function init(): void {}
}

final class InProcessTransportTest extends SessionsTestCase {

	/** @var bool */
	protected $in_process = true;

	/**
	 * The WooCommerce session this PHPUnit process had (a CLI bootstrap has one), put back after each test so the
	 * tests that run later find the process as it was.
	 *
	 * @var object|null
	 */
	private $session_before = null;

	protected function setUp(): void {
		parent::setUp();
		$this->session_before = WooCommerce::instance()->session;
		$this->forget_in_process();
		wp_set_current_user( $this->manager( 'administrator' ) );
	}

	protected function tearDown(): void {
		$this->forget_in_process();
		WooCommerce::instance()->session = $this->session_before;
		parent::tearDown();
	}

	/**
	 * A user of the role who can manage WooCommerce, as administrators and shop managers can on a WooCommerce store.
	 * (The PHPUnit site's administrator role lacks manage_woocommerce on purpose, for the capability tests.)
	 */
	private function manager( string $role = 'shop_manager' ): int {
		$id = $this->make_user( $role );
		( new WP_User( $id ) )->add_cap( InProcess::CAPABILITY );
		return $id;
	}

	private function forget_in_process(): void {
		global $wpdb;
		WooCommerce::instance()->session = null; // As at the start of a request to our own routes.
		delete_option( InProcess::USER_OPTION );
		delete_option( Schedule::OPTION );
		Schedule::unschedule_all();
		foreach ( PluginSchema::tables() as $table ) {
			$wpdb->query( "TRUNCATE {$table}" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		}
		delete_option( 'cart_sessions_cleanup_lock' );
	}

	private function seed_carts( int $count ): void {
		Control::seed( $count, 3 );
	}

	public function test_the_store_left_empty_is_this_site_called_in_process_with_no_key_and_no_http(): void {
		$this->seed_carts( 40 );
		$this->assertSame( Settings::STATE_NOT_CONFIGURED, ( new Settings() )->state(), 'no key saved' );
		$this->assertTrue( ( new Client() )->in_process() );

		$body = $this->ok( 'GET', 'sessions', array( 'per_page' => 10 ) );
		$this->assertSame( 40, $body['total'] );
		$first = $body['items'][0]['key'];
		$this->ok( 'GET', 'sessions/' . $first );
		$this->ok( 'DELETE', 'sessions/' . $first );
		$this->assertNull( $this->row( $first ), 'deleted in-process' );
		$this->assertSame( array(), $this->upstream, 'not one HTTP request: nothing sent out' );
	}

	public function test_a_store_at_another_address_goes_over_http_with_its_key(): void {
		$this->seed_carts( 5 );
		$this->connect( 'read_write', self::HTTPS ); // The same WordPress behind the TLS proxy: another origin.
		$this->assertFalse( ( new Client() )->in_process() );
		$this->assertSame( 5, $this->ok( 'GET', 'sessions' )['total'] );
		$this->assertGreaterThan( 0, count( $this->upstream ), 'over HTTP' );
	}

	public function test_this_site_without_cocarts_session_routes_is_not_called_in_process(): void {
		$this->add_test_filter(
			'rest_endpoints',
			static function ( array $endpoints ): array {
				return array_filter(
					$endpoints,
					static function ( string $route ): bool {
						return 0 !== strpos( $route, '/cocart/v2/session' );
					},
					ARRAY_FILTER_USE_KEY
				);
			}
		);
		$GLOBALS['wp_rest_server'] = null;
		$this->assertFalse( ( new Client() )->in_process() );
		$response = $this->call( 'GET', 'sessions' );
		$this->assertSame( 409, $response->get_status(), 'HTTP needs a key, and none is saved' );
		$this->assertSame( 'cart_sessions_not_configured', $response->get_data()['code'] );
	}

	public function test_when_another_session_handler_replaces_cocarts_the_client_falls_back_to_http(): void {
		$this->seed_carts( 3 );
		$this->connect( 'read_write', self::HTTP ); // This site, with a key for the fallback.
		$this->add_test_filter(
			'woocommerce_session_handler',
			static function (): string {
				return NotCoCartSessionHandler::class;
			}
		);
		$this->assertFalse( ( new Client() )->in_process() );
		$this->assertInstanceOf(
			NotCoCartSessionHandler::class,
			WC()->session,
			'the session was started only because there was none'
		);
		$body = $this->ok( 'GET', 'sessions' );
		$this->assertSame( 3, $body['total'] );
		$this->assertGreaterThan( 0, $this->counts()['list'], 'the list came over HTTP' );
	}

	public function test_the_session_is_started_only_when_there_is_none(): void {
		$this->seed_carts( 2 );
		WC()->initialize_session();
		$handler = WC()->session;
		$this->ok( 'GET', 'sessions' );
		$this->assertSame( $handler, WC()->session, 'an existing session is used as it is' );
	}

	public function test_in_process_calls_leave_no_cart_row_cookie_or_header_behind(): void {
		$this->seed_carts( 20 );
		$user_id  = $this->manager( 'administrator' );
		$password = WP_Application_Passwords::create_new_application_password(
			$user_id,
			array( 'name' => 'in-process test' )
		)[0];
		$auth     = array( 'login', get_userdata( $user_id )->user_login, $password );
		$before   = $this->table();
		$this->assertArrayNotHasKey( (string) $user_id, $before );

		// Over real HTTP to this site's own routes: their shutdown and their response headers are the real ones.
		$list = $this->request(
			'GET',
			self::HTTP . '/wp-json/cart-sessions/v1/sessions',
			array( 'auth' => $auth, 'query' => array( 'per_page' => 5 ) )
		);
		$this->assertSame( 200, $list->status, $list->body );
		$this->assertSame( '20', $list->header( 'X-WP-Total' ) );
		$key    = $list->json['items'][0]['key'];
		$detail = $this->request(
			'GET',
			self::HTTP . '/wp-json/cart-sessions/v1/sessions/' . $key,
			array( 'auth' => $auth )
		);
		$this->assertSame( 200, $detail->status, $detail->body );
		$delete = $this->request(
			'DELETE',
			self::HTTP . '/wp-json/cart-sessions/v1/sessions/' . $key,
			array( 'auth' => $auth )
		);
		$this->assertSame( 200, $delete->status, $delete->body );

		$expected = $before;
		unset( $expected[ $key ] );
		$this->assertSame(
			$expected,
			$this->table(),
			'only the deleted cart is gone: no row created (the manager\'s own), none touched'
		);
		foreach ( array( $list, $detail, $delete ) as $r ) {
			$this->assertNull( $r->header( 'Set-Cookie' ), 'no cookie' );
			foreach ( array_keys( $r->headers ) as $name ) {
				$this->assertDoesNotMatchRegularExpression(
					'/^(cocart-|x-cocart|x-wc-)/',
					$name,
					'no CoCart header reaches our answer'
				);
			}
		}
		$settings = $this->request(
			'GET',
			self::HTTP . '/wp-json/cart-sessions/v1/settings',
			array( 'auth' => $auth )
		);
		$this->assertSame(
			$this->header_names( $detail ),
			$this->header_names( $settings ),
			'the same headers as a route that does not call CoCart'
		);
	}

	/**
	 * @return string[] Lower-case header names, sorted, without the ones that vary by route.
	 */
	private function header_names( HttpResult $r ): array {
		$names = array_diff(
			array_keys( $r->headers ),
			array( 'content-length', 'allow', 'date', 'etag', 'last-modified', 'x-wp-total', 'x-wp-totalpages', 'link' )
		);
		sort( $names );
		return array_values( $names );
	}

	public function test_cron_acts_as_the_manager_who_saved_the_schedule(): void {
		$manager = $this->manager();
		$this->put_cart( 'old_one', $this->session(), time() - 20 * DAY_IN_SECONDS, time() - 10 * DAY_IN_SECONDS );
		$this->put_cart( 'fresh', $this->session() );
		wp_set_current_user( $manager );
		Schedule::save( array( 'enabled' => true, 'hour' => 4, 'rule' => array( 'expired_days' => 1 ) ) );
		$this->assertSame( $manager, (int) get_option( InProcess::USER_OPTION ) );

		wp_set_current_user( 0 ); // WP-Cron: nobody is logged in.
		Schedule::run_scheduled();
		$run = $this->last_run();
		$this->assertSame( 'running', $run['status'], (string) ( $run['state']['last_error'] ?? '' ) );
		Schedule::run_batch( $run['id'], 1 );
		$this->assertNull( $this->row( 'old_one' ), 'deleted as the manager' );
		$this->assertNotNull( $this->row( 'fresh' ) );
		$this->assertSame( 'done', $this->last_run()['status'] );
		$this->assertSame(
			0,
			get_current_user_id(),
			'the manager acted for CoCart\'s calls only: nothing else in cron runs as them'
		);
	}

	public function test_cron_refuses_with_a_clear_message_when_the_saved_user_lost_the_capability(): void {
		$manager = $this->manager();
		$this->put_cart( 'old_one', $this->session(), time() - 20 * DAY_IN_SECONDS, time() - 10 * DAY_IN_SECONDS );
		wp_set_current_user( $manager );
		Schedule::save( array( 'enabled' => true, 'hour' => 4, 'rule' => array( 'expired_days' => 1 ) ) );
		( new WP_User( $manager ) )->remove_cap( InProcess::CAPABILITY );
		( new WP_User( $manager ) )->set_role( 'subscriber' );

		wp_set_current_user( 0 );
		Schedule::run_scheduled();
		$run = $this->last_run();
		$this->assertSame( 'failed', $run['status'] );
		$this->assertStringContainsString( 'can no longer manage WooCommerce', (string) $run['state']['last_error'] );
		$this->assertStringContainsString( get_userdata( $manager )->user_login, (string) $run['state']['last_error'] );
		$this->assertNotNull( $this->row( 'old_one' ), 'nothing deleted' );
	}

	public function test_cron_with_no_saved_user_is_refused_and_told_how_to_fix_it(): void {
		wp_set_current_user( 0 );
		$answer = ( new Client() )->get( 'cocart/v2/sessions' );
		$this->assertInstanceOf( WP_Error::class, $answer );
		$this->assertSame( 'cart_sessions_no_user', $answer->get_error_code() );
		$this->assertStringContainsString( '--user=', $answer->get_error_message() );
	}

	public function test_the_cli_acts_as_its_user_and_refuses_one_without_the_capability(): void {
		$this->put_cart( 'old_one', $this->session(), time() - 20 * DAY_IN_SECONDS, time() - 10 * DAY_IN_SECONDS );
		$said = array();
		$cli  = new Cli(
			static function ( string $kind, string $text ) use ( &$said ): void {
				$said[] = array( $kind, $text );
			}
		);

		wp_set_current_user( $this->make_user( 'subscriber' ) ); // wp … --user=<a subscriber>
		$cli->cleanup( array(), array( 'expired-days' => '1' ) );
		$this->assertSame( 'error', end( $said )[0] );
		$this->assertStringContainsString( 'cannot manage WooCommerce', end( $said )[1] );
		$this->assertStringContainsString( '--user=', end( $said )[1] );
		$this->assertNotNull( $this->row( 'old_one' ) );

		wp_set_current_user( $this->manager() ); // --user=<a store manager>
		$cli->cleanup( array(), array( 'expired-days' => '1' ) );
		$this->assertSame( 'success', end( $said )[0], end( $said )[1] );
		$this->assertNull( $this->row( 'old_one' ) );
	}

	/**
	 * @return array<string,mixed>
	 */
	private function last_run(): array {
		global $wpdb;
		$id  = (int) $wpdb->get_var( 'SELECT MAX(id) FROM ' . $wpdb->prefix . 'cart_sessions_runs' );
		$run = \CartSessions\Cleanup\Runs::get( $id );
		$this->assertIsArray( $run, 'a run was recorded' );
		return $run;
	}

	public function test_the_memory_guard_answers_too_big_above_the_estimate_instead_of_dying_of_memory(): void {
		// Over real HTTP to this site's own route: the test server runs PHP with a 512M limit, as a host might, so
		// WordPress's admin limit is 512M too. 50,000 carts: the list would take ~11.3 KiB a cart in this process
		// (about 550 MB) and die of memory; the estimate (14 KiB a cart) says so before asking for it.
		$this->seed_carts( 50000 );
		$user_id  = $this->manager( 'administrator' );
		$password = WP_Application_Passwords::create_new_application_password(
			$user_id,
			array( 'name' => 'memory guard test' )
		)[0];
		$r        = $this->request(
			'GET',
			self::HTTP . '/wp-json/cart-sessions/v1/sessions',
			array(
				'auth'    => array( 'login', get_userdata( $user_id )->user_login, $password ),
				'timeout' => 120,
			)
		);
		$this->assertSame( 'cart_sessions_store_too_big', $r->json['code'] ?? null, substr( $r->body, 0, 600 ) );
		$this->assertStringContainsString(
			'50,000',
			(string) $r->json['message'],
			'the counts, from the status route'
		);
		$this->assertNotSame( 500, $r->status, 'no fatal' );
		$this->assertArrayHasKey(
			'carts_in_session',
			(array) ( $r->json['data']['counts'] ?? array() ),
			'the "store too big" state, with its counts'
		);
	}

	public function test_the_estimate_covers_what_the_list_really_takes_in_this_process(): void {
		$this->seed_carts( 2000 );
		$client = new Client();
		InProcess::session_ready();
		$this->assertNotInstanceOf( WP_Error::class, $client->get( 'wc/v3/system_status' ) ); // Warm: routes, caches.
		$base = memory_get_usage();
		if ( function_exists( 'memory_reset_peak_usage' ) ) {
			memory_reset_peak_usage();
		}
		$answer   = $client->get( 'cocart/v2/sessions' );
		$per_cart = ( memory_get_peak_usage() - $base ) / 2000;
		$this->assertNotInstanceOf( WP_Error::class, $answer );
		$this->assertCount( 2000, $answer->data );
		fwrite(
			STDERR,
			sprintf(
				"\n[in-process] list peak %.1f KiB a cart (estimate %d KiB)\n",
				$per_cart / 1024,
				InProcess::LIST_BYTES_PER_CART / 1024
			)
		);
		$this->assertLessThanOrEqual( InProcess::LIST_BYTES_PER_CART, $per_cart );
	}

	public function test_the_doctor_says_cocart_is_on_this_site_and_needs_no_key(): void {
		$report = ( new Doctor() )->run();
		$by_id  = array_column( $report['checks'], null, 'id' );
		$this->assertTrue( $report['ok'], (string) wp_json_encode( $report['checks'] ) );
		$this->assertSame( 'pass', $by_id['in_process']['status'] );
		$this->assertStringContainsString(
			'CoCart on this site, called directly — no key needed',
			$by_id['in_process']['message']
		);
		foreach ( array( 'key', 'auth_header', 'loopback' ) as $id ) {
			$this->assertArrayNotHasKey( $id, $by_id, "$id does not apply in-process" );
		}
		$this->assertSame( array(), $this->upstream );
	}

	public function test_site_health_lists_the_in_process_checks_and_none_of_the_key_checks(): void {
		SiteHealth::flush();
		$tests = apply_filters( 'site_status_tests', array( 'direct' => array(), 'async' => array() ) );
		$this->assertArrayHasKey( 'cart_sessions_in_process', $tests['direct'] );
		$this->assertArrayHasKey( 'cart_sessions_acting_user', $tests['direct'] );
		foreach ( array( 'key', 'auth_header', 'loopback', 'settings' ) as $id ) {
			$this->assertArrayNotHasKey( 'cart_sessions_' . $id, $tests['direct'], "$id does not apply in-process" );
		}
		$this->assertSame( 'good', SiteHealth::result( 'in_process' )['status'] );
		SiteHealth::flush();
	}

	public function test_in_process_cleanup_re_checks_once_per_250_carts_yet_skips_one_touched_since_start(): void {
		$expired = time() - 40 * DAY_IN_SECONDS;
		for ( $i = 0; $i < 300; $i++ ) {
			$this->put_cart( sprintf( 'old_%03d', $i ), $this->session(), $expired - DAY_IN_SECONDS, $expired );
		}
		$this->put_cart( 'fresh', $this->session() );
		$runner = new Runner();
		$rule   = Rule::from_array( array( 'expired_days' => 30 ) );
		$run    = $runner->start( $rule, 'cli', get_current_user_id(), false );
		$this->assertIsArray( $run, $run instanceof WP_Error ? $run->get_error_message() : '' );
		$this->assertSame( 300, $run['found'] );

		// The customer of the last cart in the queue comes back after the run started.
		global $wpdb;
		$touched = (string) end( $run['state']['queue'] )[0];
		$wpdb->update(
			ControlSchema::carts_table(),
			array( 'cart_expiry' => time() + DAY_IN_SECONDS ),
			array( 'cart_key' => $touched )
		);

		$steps = 0;
		while ( 'running' === $run['status'] && $steps < 50 ) {
			$run = $runner->step( (int) $run['id'] );
			$this->assertIsArray( $run );
			++$steps;
		}
		$this->assertSame( 'done', $run['status'] );
		$this->assertSame( 2, $steps, '250 carts a step in-process (25 over HTTP): one list re-check each' );
		$this->assertSame( 299, $run['deleted'] );
		$this->assertNotNull( $this->row( $touched ), 'touched since the run started: never deleted' );
		$this->assertNotNull( $this->row( 'fresh' ) );
		$left = (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . ControlSchema::carts_table() ); // phpcs:ignore
		$this->assertSame( 2, $left );
	}
}
