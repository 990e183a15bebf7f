<?php
/**
 * CoCart called in-process (rest_do_request()) on the store itself, as measured on WordPress 6.5.5 + WooCommerce
 * 9.4.3 + CoCart 4.3.6: in a REST request to a route that is not CoCart's, WC()->session is null and the session
 * controller dies with "Call to a member function get_session() on null"; after WC()->initialize_session() the
 * handler is CoCart_Session_Handler and the calls answer as over HTTP, creating no row and no cookie. The REST
 * request to "another route" is the probe plugin of the test site (fixtures/in-process-probe.php), over real HTTP,
 * so its shutdown and its response headers are the real ones.
 */

declare(strict_types=1);

require_once __DIR__ . '/DoubleTestCase.php';

use CoCartDouble\Control;
use CoCartDouble\Schema;

final class InProcessTest extends DoubleTestCase {

	private const NULL_SESSION = 'Call to a member function get_session() on null';

	/**
	 * A shop manager with a WooCommerce key (for HTTP) and an application password (to call the probe as them).
	 *
	 * @return array{key:array<string,mixed>,auth:array<int,string>,user_id:int}
	 */
	private function manager(): array {
		$key = $this->make_key(
			'read_write',
			'shop_manager',
			array( 'billing_first_name' => 'Mona', 'billing_email' => 'mona@example.com' )
		);
		list( $password ) = WP_Application_Passwords::create_new_application_password(
			$key['user_id'],
			array( 'name' => 'in-process probe' )
		);
		return array(
			'key'     => $key,
			'auth'    => array( 'login', get_userdata( $key['user_id'] )->user_login, $password ),
			'user_id' => $key['user_id'],
		);
	}

	/**
	 * The probe route: a REST request that is not CoCart's, calling $method $route in-process.
	 *
	 * @param array<int,string>|null $auth
	 * @param array<string,string>   $more initialize, set (JSON), uncaught
	 */
	private function probe(
		?array $auth,
		string $method,
		string $route,
		array $more = array(),
		array $headers = array()
	): HttpResult {
		return $this->request(
			'POST',
			self::HTTP . '/wp-json/in-process-probe/v1/call',
			array(
				'auth'    => $auth,
				'query'   => array(
					'method' => $method,
					'route'  => $route,
				) + $more,
				'headers' => $headers,
			)
		);
	}

	/** Every row of the carts table, every column. */
	private function table(): array {
		global $wpdb;
		return $wpdb->get_results( 'SELECT * FROM ' . Schema::carts_table() . ' ORDER BY cart_id', ARRAY_A );
	}

	private function cart_with_items(): array {
		return $this->session(
			array( array( 16, 2 ), array( 31, 1 ) ),
			array( 'first_name' => 'Cart', 'last_name' => 'Owner', 'email' => 'owner@example.com' )
		);
	}

	public function session_calls(): array {
		return array(
			'GET session/<key>'        => array( 'GET', '/cocart/v2/session/abc' ),
			'GET session/<key>/items'  => array( 'GET', '/cocart/v2/session/abc/items' ),
			'DELETE session/<key>'     => array( 'DELETE', '/cocart/v2/session/abc' ),
		);
	}

	/**
	 * @dataProvider session_calls
	 */
	public function test_in_another_routes_request_there_is_no_session_and_cocarts_session_calls_die(
		string $method,
		string $route
	): void {
		$m = $this->manager();
		$this->put_cart( 'abc', $this->cart_with_items() );
		$r = $this->probe( $m['auth'], $method, $route );
		$this->assertSame( 200, $r->status, $r->body );
		$this->assertNull(
			$r->json['session_before'],
			'WooCommerce starts no session in a REST request to another route'
		);
		$this->assertSame(
			array( 'class' => 'Error', 'message' => self::NULL_SESSION ),
			$r->json['thrown'],
			'rest_do_request() does not catch it: the caller gets the Error'
		);
		$this->assertNotNull( $this->row( 'abc' ), 'nothing deleted' );
	}

	public function test_uncaught_the_error_is_wordpresss_critical_error_500(): void {
		$m = $this->manager();
		$this->put_cart( 'abc', $this->cart_with_items() );
		$r = $this->probe(
			$m['auth'],
			'GET',
			'/cocart/v2/session/abc',
			array( 'uncaught' => '1' ),
			array( 'Accept: application/json' )
		);
		$this->assertRestError( $r, 500, 'internal_server_error' );
	}

	public function test_the_list_reads_the_table_itself_and_needs_no_session(): void {
		$m = $this->manager();
		$this->put_cart( 'abc', $this->cart_with_items() );
		$r = $this->probe( $m['auth'], 'GET', '/cocart/v2/sessions' );
		$this->assertNull( $r->json['thrown'], $r->body );
		$this->assertSame( 200, $r->json['status'] );
		$this->assertSame( array( 'abc' ), array_column( $r->json['data'], 'cart_key' ) );
	}

	public function test_in_process_calls_check_the_current_users_capability(): void {
		$this->put_cart( 'abc', $this->cart_with_items() );
		$r = $this->probe( null, 'GET', '/cocart/v2/session/abc', array( 'initialize' => '1' ) );
		$this->assertSame( 401, $r->json['status'], $r->body );
		$this->assertSame( 'cocart_rest_cannot_view', $r->json['data']['code'] );
	}

	/**
	 * @dataProvider readable_modes
	 */
	public function test_after_initialize_session_the_handler_is_cocarts_and_the_answer_is_the_http_one(
		string $mode
	): void {
		$this->mode( $mode );
		$m = $this->manager();
		// 4.7.0/4.8.0 die on items.
		$this->put_cart( 'abc', '4.3.6' === $mode ? $this->cart_with_items() : $this->session() );
		$routes = array( '/cocart/v2/sessions', '/cocart/v2/session/abc', '/cocart/v2/session/abc/items' );
		if ( '4.3.6' !== $mode ) {
			array_pop( $routes ); // An empty cart's items: 400 either way (SingleSessionTest).
		}
		foreach ( $routes as $route ) {
			// In-process first: over HTTP the key owner's own cart row appears after its first request.
			$in  = $this->probe( $m['auth'], 'GET', $route, array( 'initialize' => '1' ) );
			$out = $this->api( 'GET', $route, $m['key'] );
			$this->assertNull( $in->json['session_before'], $route );
			$this->assertSame( 'CoCart_Session_Handler', $in->json['session_after'], $route );
			$this->assertNull( $in->json['thrown'], $in->body );
			$this->assertSame( 200, $in->json['status'], $in->body );
			$this->assertSame( 200, $out->status, $out->body );
			$this->assertSame( $out->json, $in->json['data'], "$route: the same body in-process as over HTTP" );
		}
	}

	public function test_delete_in_process_after_initialize_session_deletes_only_that_cart(): void {
		$m = $this->manager();
		$this->put_cart( 'abc', $this->cart_with_items() );
		$this->put_cart( 'keep', $this->session() );
		$keep = $this->row( 'keep' );
		$r    = $this->probe( $m['auth'], 'DELETE', '/cocart/v2/session/abc', array( 'initialize' => '1' ) );
		$this->assertSame( 200, $r->json['status'], $r->body );
		$this->assertSame( 'Session successfully deleted!', $r->json['data'] );
		$this->assertNull( $this->row( 'abc' ) );
		$this->assertSame( array( $keep ), $this->table(), 'no other row deleted, touched or created' );
	}

	public function test_in_process_calls_create_touch_and_cookie_nothing_where_http_writes_the_callers_row(): void {
		$m = $this->manager();
		// Expiring: CoCart would renew its own.
		$this->put_cart( 'abc', $this->cart_with_items(), time() - HOUR_IN_SECONDS, time() + 60 );
		$this->put_cart( 't_guest', $this->session(), time() - DAY_IN_SECONDS );
		$before = $this->table();
		foreach (
			array(
				'/cocart/v2/sessions',
				'/cocart/v2/session/abc',
				'/cocart/v2/session/abc/items',
				'/cocart/v2/session/t_guest',
			) as $route
		) {
			$r = $this->probe( $m['auth'], 'GET', $route, array( 'initialize' => '1' ) );
			$this->assertSame( 200, $r->json['status'] ?? null, $r->body );
			$this->assertNull( $r->header( 'Set-Cookie' ), "$route: no cookie" );
			$this->assertArrayNotHasKey( 'Set-Cookie', (array) $r->json['headers'] );
		}
		$this->assertSame(
			$before,
			$this->table(),
			'after the requests and their shutdown: not a row created or changed'
		);
		$this->assertNull( $this->row( (string) $m['user_id'] ), 'no cart for the calling manager' );

		// The same calls over HTTP: CoCart saves the caller's own session at the end of each request.
		$this->api( 'GET', 'cocart/v2/session/abc', $m['key'] );
		$this->assertNotNull( $this->row( (string) $m['user_id'] ), 'over HTTP the key owner gets a cart row' );
	}

	public function test_a_session_given_data_in_process_is_saved_at_shutdown_for_a_logged_in_user(): void {
		// What WooCommerce does with any session that changed: the in-process contract rests on never changing it.
		$m = $this->manager();
		$this->put_cart( 'abc', $this->session() );
		$r = $this->probe(
			$m['auth'],
			'GET',
			'/cocart/v2/session/abc',
			array( 'initialize' => '1', 'set' => '{"chosen_shipping_methods":["flat_rate:1"]}' )
		);
		$this->assertSame( 200, $r->json['status'], $r->body );
		$row = $this->row( (string) $m['user_id'] );
		$this->assertNotNull( $row, 'saved at shutdown under the user ID' );
		$this->assertSame( 'woocommerce', $row['cart_source'] );
		$this->assertNull( $r->header( 'Set-Cookie' ), 'no cart items: no cookie' );
	}

	public function test_the_list_in_process_takes_the_real_lists_memory_under_the_callers_own_limit(): void {
		$m = $this->manager();
		Control::seed( 2000, 7 );
		Control::set_faults( array( 'list_oom_above' => 100 ) ); // The list of a separate 128M store dies (below)…

		// …in-process the caller's own limit decides (about 11 KiB a cart on top of what it holds; the real list of
		// 30,000 carts peaked at 325 MB in the caller's process).
		$fits = $this->probe( $m['auth'], 'GET', '/cocart/v2/sessions', array( 'headroom_mb' => '64' ) );
		$this->assertSame( 200, $fits->json['status'] ?? null, substr( $fits->body, 0, 300 ) );
		$this->assertCount( 2000, $fits->json['data'] );
		fwrite( STDERR, "\n[in-process list] 2,000 carts: peak {$fits->json['peak_mb']} MB above the caller's own\n" );
		$tight = $this->probe(
			$m['auth'],
			'GET',
			'/cocart/v2/sessions',
			array( 'headroom_mb' => '12' ),
			array( 'Accept: application/json' )
		);
		$this->assertRestError( $tight, 500, 'internal_server_error' );

		$this->assertRestError(
			$this->api(
				'GET',
				'cocart/v2/sessions',
				$m['key'],
				array( 'headers' => array( 'Accept: application/json' ) )
			),
			500,
			'internal_server_error'
		);
	}

	/**
	 * Runs fixtures/in-process-cli.php: a PHP CLI bootstrap of the test site.
	 *
	 * @return array<string,mixed>
	 */
	private function cli( string ...$args ): array {
		$cmd = array_merge(
			array( PHP_BINARY, dirname( __DIR__ ) . '/fixtures/in-process-cli.php', ABSPATH, self::HTTP ),
			$args
		);
		$proc = proc_open( $cmd, array( 1 => array( 'pipe', 'w' ), 2 => array( 'pipe', 'w' ) ), $pipes );
		$this->assertIsResource( $proc );
		$out = (string) stream_get_contents( $pipes[1] );
		$err = (string) stream_get_contents( $pipes[2] );
		fclose( $pipes[1] );
		fclose( $pipes[2] );
		$this->assertSame( 0, proc_close( $proc ), $out . $err );
		$json = json_decode( $out, true );
		$this->assertIsArray( $json, $out . $err );
		return $json;
	}

	public function test_a_cli_bootstrap_starts_a_guest_session_that_is_saved_only_once_it_holds_a_cart(): void {
		$m = $this->manager();
		$this->put_cart( 'abc', $this->cart_with_items() );
		$before = $this->table();

		// WooCommerce starts a session on every frontend bootstrap, and a CLI one is frontend.
		$read = $this->cli( 'read', (string) $m['user_id'], 'abc' );
		$this->assertSame( 'CoCart_Session_Handler', $read['session'] );
		$this->assertSame( 200, $read['status'] );
		$this->assertSame( $before, $this->table(), 'reads in a CLI run save nothing' );

		// A guest session given a cart: WooCommerce sets its cookie (headers are never sent in CLI) and saves it.
		$cart = $this->cli( 'cart' );
		$this->assertMatchesRegularExpression( '/^t_[0-9a-f]{30}$/', (string) $cart['customer_id'] );
		$row = $this->row( (string) $cart['customer_id'] );
		$this->assertNotNull( $row, 'a new guest cart, saved at shutdown' );
		$this->assertSame( 'woocommerce', $row['cart_source'] );
		$this->assertCount( count( $before ) + 1, $this->table() );
		$again = $this->cli( 'cart' );
		$this->assertNotSame( $cart['customer_id'], $again['customer_id'], 'and another one on every run' );
		$this->assertCount( count( $before ) + 2, $this->table() );
	}

	/**
	 * CPU time of $fn in milliseconds.
	 */
	private static function cpu_ms( callable $fn ): float {
		$cpu = static function (): float {
			$u = getrusage();
			return ( $u['ru_utime.tv_sec'] + $u['ru_stime.tv_sec'] ) * 1000.0 + (
				$u['ru_utime.tv_usec'] + $u['ru_stime.tv_usec']
			) / 1000.0;
		};
		$start = $cpu();
		$fn();
		return $cpu() - $start;
	}

	public function test_the_cost_mode_charges_cost_ms_over_http_and_inprocess_cost_ms_in_process(): void {
		$m = $this->manager();
		$this->put_cart( 'abc', $this->cart_with_items() );
		wp_set_current_user( $m['user_id'] ); // This PHPUnit process is a CLI bootstrap: it has a session already.
		$this->assertInstanceOf( 'CoCart_Session_Handler', WC()->session );
		$calls = static function ( int $n ): callable {
			return static function () use ( $n ): void {
				for ( $i = 0; $i < $n; $i++ ) {
					rest_do_request( new WP_REST_Request( 'GET', '/cocart/v2/session/abc' ) );
				}
			};
		};
		$calls( 3 )(); // Warm caches.
		$free = self::cpu_ms( $calls( 20 ) ) / 20;

		Control::set_faults( array( 'cost_ms' => 60 ) );
		$default = self::cpu_ms( $calls( 20 ) ) / 20;
		$http    = $this->api( 'GET', 'cocart/v2/session/abc', $m['key'] );
		$this->assertSame( 200, $http->status );
		$this->assertGreaterThanOrEqual( 0.06, $http->elapsed, 'an HTTP request pays cost_ms' );
		$this->assertGreaterThanOrEqual( 0.95, $default, 'in-process: inprocess_cost_ms in all, 1 ms by default' );
		$this->assertLessThan( max( $free, 1.0 ) + 15, $default, 'in-process: not the 60 ms bootstrap' );

		Control::set_faults( array( 'cost_ms' => 60, 'inprocess_cost_ms' => 25 ) );
		$topped = self::cpu_ms( $calls( 5 ) ) / 5;
		$this->assertGreaterThanOrEqual( 25, $topped, 'inprocess_cost_ms is configurable' );
		$this->assertLessThan( 25 + 5, $topped, 'the double\'s own work counts towards it: topped up, not added' );

		Control::set_faults( array( 'inprocess_cost_ms' => 25 ) );
		$this->assertLessThan(
			25,
			self::cpu_ms( $calls( 5 ) ) / 5,
			'cost mode off (cost_ms 0): nothing charged in-process either'
		);
		fwrite(
			STDERR,
			sprintf(
				"\n[in-process cost] GET session: %.2f ms free, %.2f ms with cost_ms=60 (inprocess_cost_ms 1); over " .
					"HTTP %.0f ms\n",
				$free,
				$default,
				1000 * $http->elapsed
			)
		);
	}

	public function test_the_in_process_session_routes_answer_like_http_from_a_cli_process_too(): void {
		// Same PHPUnit process as above (a CLI bootstrap with its own session): the body equals the HTTP one.
		$m = $this->manager();
		$this->put_cart( 'abc', $this->cart_with_items() );
		wp_set_current_user( $m['user_id'] );
		$in  = rest_do_request( new WP_REST_Request( 'GET', '/cocart/v2/session/abc' ) );
		$out = $this->api( 'GET', 'cocart/v2/session/abc', $m['key'] );
		$this->assertSame( 200, $in->get_status() );
		$this->assertSame(
			$out->json,
			json_decode( (string) wp_json_encode( rest_get_server()->response_to_data( $in, false ) ), true )
		);
	}
}
