<?php
/**
 * The CoCart client against the store double over real HTTP: OAuth 1.0a over http://127.0.0.1:8899, Basic (and
 * the query-string fallback) over https://127.0.0.1:8443, key rotation, error mapping of real faults.
 */

declare(strict_types=1);

use CartSessions\CoCart\Client;
use CartSessions\CoCart\DebugLog;
use CartSessions\CoCart\Response;
use CartSessions\CoCart\StoreInfo;
use CartSessions\Credentials\Settings;
use CoCartDouble\Control;

final class ClientIntegrationTest extends HttpTestCase {

	/** @var float[] */
	private $slept = array();

	protected function setUp(): void {
		parent::setUp();
		delete_option( Settings::OPTION );
		delete_option( Settings::STATE_OPTION );
		delete_option( DebugLog::OPTION );
		delete_option( 'cart_sessions_store_info' );
		$this->add_test_filter( 'https_ssl_verify', '__return_false' ); // The TLS proxy's certificate is self-signed.
	}

	protected function tearDown(): void {
		delete_option( Settings::OPTION );
		delete_option( Settings::STATE_OPTION );
		delete_option( DebugLog::OPTION );
		delete_option( 'cart_sessions_store_info' );
		parent::tearDown();
	}

	/**
	 * @param array<string,mixed> $settings
	 */
	private function client( array $settings ): Client {
		$this->assertTrue( ( new Settings() )->save( $settings ) );
		return new Client(
			null,
			array(
				'sleep' => function ( float $s ): void {
					$this->slept[] = $s;
				},
			)
		);
	}

	/**
	 * @param array<string,mixed> $key
	 * @param array<string,mixed> $more
	 */
	private function connect( array $key, string $url = self::HTTP, array $more = array() ): Client {
		return $this->client(
			array(
				'store_url'       => $url,
				'consumer_key'    => $key['consumer_key'],
				'consumer_secret' => $key['consumer_secret'],
			) + $more
		);
	}

	/**
	 * @param mixed $result
	 */
	private function assertReason( string $reason, $result ): WP_Error {
		$this->assertInstanceOf( WP_Error::class, $result, 'expected an error, got ' . wp_json_encode( $result ) );
		$this->assertSame(
			$reason,
			$result->get_error_data()['reason'] ?? null,
			$result->get_error_message() . ' ' . wp_json_encode( $result->get_error_data() )
		);
		return $result;
	}

	public function test_oauth_over_http_lists_sessions(): void {
		$key = $this->make_key();
		$this->put_cart(
			't_' . str_repeat( 'a', 30 ),
			$this->session( array( array( 12, 2 ) ), array( 'first_name' => 'Jane', 'email' => 'jane@example.com' ) )
		);
		$r = $this->connect( $key )->get( 'cocart/v2/sessions' );
		$this->assertInstanceOf( Response::class, $r, is_wp_error( $r ) ? $r->get_error_message() : '' );
		$this->assertSame( 'oauth', $r->auth );
		$keys = array_column( $r->data, 'cart_key' );
		$this->assertContains( 't_' . str_repeat( 'a', 30 ), $keys );
		$this->assertSame( 'oauth', ( new Settings() )->key_state()['auth'] );
	}

	public function test_the_default_store_is_this_site_over_loopback(): void {
		$key = $this->make_key();
		$this->put_cart( 'k1', $this->session() );
		$this->assertTrue(
			( new Settings() )->save(
				array( 'consumer_key' => $key['consumer_key'], 'consumer_secret' => $key['consumer_secret'] )
			)
		);
		$this->assertSame( 'default', ( new Settings() )->source( 'store_url' ) );
		$client = new Client();
		$this->assertSame( self::HTTP . '/wp-json/cocart/v2/sessions', $client->url( 'cocart/v2/sessions' ) );
		$r = $client->get( 'cocart/v2/sessions' );
		$this->assertInstanceOf( Response::class, $r, is_wp_error( $r ) ? $r->get_error_message() : '' );
		$this->assertContains( 'k1', array_column( $r->data, 'cart_key' ) );
	}

	public function test_store_info_from_the_status_route_cached(): void {
		$key = $this->make_key();
		$this->put_cart( 'k1', $this->session(), 0, time() - 10 );
		$this->put_cart( 'k2', $this->session(), 0, time() + 3600 );
		$client = $this->connect( $key, self::HTTP, array( 'debug_log' => true ) );
		$info   = StoreInfo::get( $client );
		$this->assertSame( '4.3.6', $info['cocart_version'] );
		$this->assertSame( 2, $info['decimals'] );
		$this->assertSame( 'GBP', $info['currency'] );
		$this->assertSame( 2, $info['counts']['carts_in_session'] );
		$this->assertSame( 1, $info['counts']['count_carts_expiring'] );
		$requests = count( ( new DebugLog() )->entries() );
		$this->assertSame( $info, StoreInfo::get( $client ), 'cached' );
		$this->assertCount( $requests, ( new DebugLog() )->entries(), 'no new request' );
		Control::set_mode( '4.7.0' );
		$this->assertSame( '4.7.0', StoreInfo::get( $client, true )['cocart_version'] );
	}

	public function test_basic_over_https(): void {
		$key = $this->make_key();
		$this->put_cart( 'k1', $this->session() );
		$r = $this->connect( $key, self::HTTPS )->get( 'cocart/v2/sessions' );
		$this->assertInstanceOf( Response::class, $r, is_wp_error( $r ) ? $r->get_error_message() : '' );
		$this->assertSame( 'basic', $r->auth );
	}

	public function test_cocart_480_basic_refusal_falls_back_to_query_keys_and_remembers(): void {
		Control::set_mode( '4.8.0' );
		$key    = $this->make_key();
		$this->put_cart( 'k1', $this->session() );
		$client = $this->connect( $key, self::HTTPS, array( 'debug_log' => true ) );
		$r      = $client->get( 'cocart/v2/sessions' );
		$this->assertInstanceOf( Response::class, $r, is_wp_error( $r ) ? $r->get_error_message() : '' );
		$this->assertSame( 'query', $r->auth );
		$this->assertSame( 'query', ( new Settings() )->key_state()['auth'] );
		$log = ( new DebugLog() )->entries();
		$this->assertSame( array( 401, 200 ), array_column( $log, 'status' ) );
		$this->assertSame( 'cart_sessions_bad_key', $log[0]['error'] );
		$r2 = $client->get( 'cocart/v2/sessions' );
		$this->assertInstanceOf( Response::class, $r2 );
		$this->assertCount( 3, ( new DebugLog() )->entries(), 'the second request goes straight to query keys' );
	}

	public function test_rotation_to_a_backup_key_is_recorded(): void {
		$dead = $this->make_key();
		$good = $this->make_key();
		$this->put_cart( 'k1', $this->session() );
		$client = $this->client(
			array(
				'store_url'       => self::HTTP,
				'consumer_key'    => $dead['consumer_key'],
				'consumer_secret' => 'cs_' . str_repeat( '0', 40 ),
				'backup_keys'     => array(
					array( 'consumer_key' => $good['consumer_key'], 'consumer_secret' => $good['consumer_secret'] ),
				),
			)
		);
		$r = $client->get( 'cocart/v2/sessions' );
		$this->assertInstanceOf( Response::class, $r, is_wp_error( $r ) ? $r->get_error_message() : '' );
		$this->assertSame( 1, $r->key_index );
		$state = ( new Settings() )->describe()['key_in_use'];
		$this->assertSame( 1, $state['index'] );
		$this->assertSame( 'backup', $state['label'] );
		$this->assertSame( 'ck_…' . substr( $good['consumer_key'], -4 ), $state['consumer_key_hint'] );
		$this->assertSame( 'ck_…' . substr( $dead['consumer_key'], -4 ), $state['rotated_from_hint'] );
		$this->assertNotNull( $state['rotated_at'] );
	}

	public function test_wrong_secret_read_only_key_and_key_owner_errors(): void {
		$key = $this->make_key( 'read' );
		$this->put_cart( 'k1', $this->session() );
		$this->assertReason(
			'bad_key',
			$this->connect(
				array( 'consumer_secret' => 'cs_' . str_repeat( '1', 40 ) ) + $key
			)->get( 'cocart/v2/sessions' )
		);
		$this->assertReason(
			'bad_key',
			$this->connect(
				array( 'consumer_secret' => 'cs_' . str_repeat( '1', 40 ) ) + $key,
				self::HTTPS
			)->get( 'cocart/v2/sessions' )
		);
		$this->assertReason( 'key_permission', $this->connect( $key )->delete( 'cocart/v2/session/k1' ) );
		$this->assertNotNull( $this->row( 'k1' ), 'nothing deleted' );
		$customer = $this->make_key( 'read_write', 'subscriber' );
		$this->assertReason( 'key_owner', $this->connect( $customer )->get( 'cocart/v2/sessions' ) );
	}

	public function test_empty_store_missing_session_and_missing_route(): void {
		$key    = $this->make_key();
		$client = $this->connect( $key );
		$list   = $client->get( 'cocart/v2/sessions' );
		// The key owner's own session row appears after the first authenticated request; delete all rows.
		if ( $list instanceof Response ) {
			global $wpdb;
			$wpdb->query( 'TRUNCATE ' . \CoCartDouble\Schema::carts_table() );
			$list = $client->get( 'cocart/v2/sessions' );
		}
		$e = $this->assertReason( 'not_found', $list );
		$this->assertSame( 'cocart_no_carts_in_session', $e->get_error_data()['upstream_code'] );
		$this->assertReason( 'not_found', $client->get( 'cocart/v2/session/nope' ) );
		$this->assertReason( 'cocart_missing', $client->get( 'cocart/v2/sessions/nope' ) );
	}

	public function test_faults_map_to_clear_errors(): void {
		$key    = $this->make_key();
		$client = $this->connect( $key, self::HTTP, array( 'timeout' => 2 ) );
		$this->put_cart( 'k1', $this->session() );

		Control::set_faults( array( 'fault' => 'html' ) );
		$this->assertReason( 'not_json', $client->get( 'cocart/v2/sessions' ) );
		Control::set_faults( array( 'fault' => 'truncated' ) );
		$this->assertReason( 'not_json', $client->get( 'cocart/v2/sessions' ) );
		Control::set_faults( array( 'fault' => 'warnings' ) );
		$r = $client->get( 'cocart/v2/sessions' );
		$this->assertInstanceOf( Response::class, $r, is_wp_error( $r ) ? $r->get_error_message() : '' );
		$this->assertTrue( $r->had_noise );
		Control::set_faults( array( 'fault' => '500' ) );
		$this->assertReason( 'store_error', $client->get( 'cocart/v2/session/k1' ) );
		Control::set_faults( array( 'list_oom_above' => 1 ) );
		$e = $this->assertReason( 'store_error', $client->get( 'cocart/v2/sessions' ) );
		$this->assertTrue( $e->get_error_data()['list_oom'] );
		$this->assertStringContainsString( 'memory', $e->get_error_message() );
	}

	public function test_429_is_retried_after_the_wait_it_asks_for(): void {
		$key = $this->make_key();
		$this->put_cart( 'k1', $this->session() );
		Control::set_faults( array( 'fault' => '429', 'retry_after' => 3, 'times' => 1 ) );
		$r = $this->connect( $key )->get( 'cocart/v2/sessions' );
		$this->assertInstanceOf( Response::class, $r, is_wp_error( $r ) ? $r->get_error_message() : '' );
		$this->assertSame( array( 3.0 ), $this->slept );

		Control::set_faults( array( 'fault' => '503', 'retry_after' => 120 ) );
		$e = $this->assertReason( 'busy', ( new Client() )->get( 'cocart/v2/sessions' ) );
		$this->assertSame( 120, $e->get_error_data()['retry_after'] );
	}

	public function test_a_hung_store_is_too_slow_and_retried_once(): void {
		$key = $this->make_key();
		Control::set_faults( array( 'fault' => 'hang', 'hang_seconds' => 3, 'routes' => array( 'list' ) ) );
		$started = microtime( true );
		$error   = $this->assertReason(
			'too_slow',
			$this->connect( $key )->request( 'GET', 'cocart/v2/sessions', array(), array( 'timeout' => 1 ) )
		);
		$elapsed = microtime( true ) - $started;
		$this->assertSame( 504, $error->get_error_data()['status'] );
		$this->assertCount( 1, $this->slept, 'one retry' );
		$this->assertGreaterThan( 1.8, $elapsed, 'two attempts of 1 s' );
		$this->assertLessThan( 3.5, $elapsed );
	}

	public function test_request_many_starts_nothing_after_its_deadline_and_finishes_what_it_started(): void {
		$key = $this->make_key();
		$this->put_cart( 'k1', $this->session() );
		$client = $this->connect( $key );
		$this->assertInstanceOf( Response::class, $client->get( 'cocart/v2/sessions' ) ); // Auth learned first.
		Control::set_faults( array( 'latency_ms' => 300, 'routes' => array( 'single' ) ) );
		$requests = array_fill( 0, 10, array( 'GET', 'cocart/v2/session/k1' ) );

		$this->assertSame(
			array(),
			$client->request_many( $requests, 2, array( 'deadline' => microtime( true ) - 1 ) ),
			'a deadline already past: nothing sent'
		);

		$started = microtime( true );
		$answers = $client->request_many( $requests, 2, array( 'deadline' => $started + 0.5 ) );
		$elapsed = microtime( true ) - $started;
		// Two start at once, two more after ~0.3 s; none after 0.5 s: 4 answers, all complete, in ~0.6 s.
		$this->assertGreaterThanOrEqual( 2, count( $answers ) );
		$this->assertLessThanOrEqual( 6, count( $answers ) );
		$this->assertSame( range( 0, count( $answers ) - 1 ), array_keys( $answers ), 'the first ones, in order' );
		foreach ( $answers as $answer ) {
			$this->assertInstanceOf( Response::class, $answer );
		}
		$this->assertLessThan( 1.5, $elapsed, 'what started finished; nothing else waited for' );

		$all = $client->request_many( $requests, 5 );
		$this->assertCount( 10, $all, 'no deadline: every one' );
	}

	public function test_request_many_writes_the_debug_log_once_per_batch_with_every_answer_in_order(): void {
		$key = $this->make_key();
		$this->put_cart( 'k1', $this->session() );
		$client = $this->connect( $key, self::HTTP, array( 'debug_log' => true ) );
		$this->assertInstanceOf( Response::class, $client->get( 'cocart/v2/sessions' ) ); // Auth learned first.
		$writes = 0;
		$count  = static function () use ( &$writes ): void {
			++$writes;
		};
		add_action( 'update_option_' . DebugLog::OPTION, $count );
		$requests = array();
		for ( $i = 0; $i < 25; $i++ ) {
			$requests[] = array( 'GET', 0 === $i % 5 ? 'cocart/v2/session/gone' . $i : 'cocart/v2/session/k1' );
		}
		try {
			$answers = $client->request_many( $requests, 2 );
		} finally {
			remove_action( 'update_option_' . DebugLog::OPTION, $count );
		}
		$this->assertCount( 25, $answers );
		// A cleanup step's 25 deletes used to rewrite the whole capped log 25 times (~60 KB each on a busy log).
		$this->assertSame( 1, $writes, 'one write of the log for the batch' );
		$logged = array_slice( ( new DebugLog() )->entries(), -25 );
		$paths  = array_map(
			static function ( array $r ): string {
				return '/' . $r[1];
			},
			$requests
		);
		$this->assertSame( $paths, array_column( $logged, 'path' ), 'every answer logged, in order' );
		$this->assertSame( 5, count( array_keys( array_column( $logged, 'status' ), 404, true ) ), 'the failures too' );
	}
}
