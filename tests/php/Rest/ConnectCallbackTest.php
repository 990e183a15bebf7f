<?php
/**
 * The connect routes in-process: the store's callback (the one route without a login) and each way it refuses a
 * key, the start of a connect (HTTPS only, never when wp-config.php fixes the connection) and the return to the
 * Settings tab (denied, expired, someone else's token). The whole flow against the store double over real HTTP and
 * TLS is ConnectFlowTest.
 */

declare(strict_types=1);

use CartSessions\CoCart\Connect;
use CartSessions\Credentials\ConnectTokens;
use CartSessions\Credentials\Settings;
use CartSessions\Rest\CallbackLimit;

final class ConnectCallbackTest extends WpTestCase {

	private const STORE = 'https://shop.example.com';
	private const CK    = 'ck_c0ffee0123456789abcdef0123456789abcdef01';
	private const CS    = 'cs_5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e7c0de';
	private const UA    = 'WordPress/6.7; https://shop.example.com';

	private const CALLBACK = '/cart-sessions/v1/connection/callback';

	protected function setUp(): void {
		parent::setUp();
		$_SERVER['REMOTE_ADDR'] = '203.0.113.7';
		// The test site is on plain HTTP; its REST address over the TLS proxy is what a store would call.
		$this->add_test_filter(
			'rest_url',
			static function ( string $url ): string {
				return preg_replace( '#^http://#', 'https://', $url );
			}
		);
	}

	protected function tearDown(): void {
		unset( $_SERVER['REMOTE_ADDR'] );
		putenv( 'COCART_CONSUMER_KEY' );
		parent::tearDown();
	}

	/**
	 * A connect started by a new administrator; returns the token the store was given.
	 */
	private function start( string $store = self::STORE, string $scope = 'read_write' ): string {
		if ( ! current_user_can( 'manage_cart_sessions' ) ) {
			$this->log_in_as( 'administrator' );
		}
		$started = $this->rest( 'POST', '/cart-sessions/v1/connection/connect', array(
			'store_url' => $store,
			'scope'     => $scope,
		), true );
		$this->assertSame( 200, $started->get_status(), wp_json_encode( $started->get_data() ) );
		parse_str( (string) wp_parse_url( $started->get_data()['authorize_url'], PHP_URL_QUERY ), $query );
		return $query['user_id'];
	}

	/**
	 * The store's POST, as WooCommerce sends it (JSON, WordPress's User-Agent), with no login.
	 *
	 * @param array<string,mixed> $body
	 */
	private function store_posts( array $body, string $user_agent = self::UA ): WP_REST_Response {
		$user = get_current_user_id();
		wp_set_current_user( 0 );
		$request = new WP_REST_Request( 'POST', self::CALLBACK );
		$request->set_header( 'Content-Type', 'application/json;charset=UTF-8' );
		$request->set_header( 'User-Agent', $user_agent );
		$request->set_body( (string) wp_json_encode( $body ) );
		$response = rest_do_request( $request );
		wp_set_current_user( $user );
		return $response;
	}

	/**
	 * @return array<string,mixed>
	 */
	private function body( string $token, array $changes = array() ): array {
		return array_merge(
			array(
				'key_id'          => 42,
				'user_id'         => $token,
				'consumer_key'    => self::CK,
				'consumer_secret' => self::CS,
				'key_permissions' => 'read_write',
			),
			$changes
		);
	}

	private function assertRefusedAndNothingKept( WP_REST_Response $response, string $token = '' ): void {
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame(
			array(
				'code'    => 'cart_sessions_connect_refused',
				'message' => 'Refused.',
				'data'    => array( 'status' => 400 ),
			),
			$response->get_data(),
			'every refusal looks the same'
		);
		$this->assertStringNotContainsString( self::CS, (string) wp_json_encode( $response->get_data() ) );
		$this->assertSame( '', ( new Settings() )->describe()['consumer_key_hint'], 'nothing saved' );
		if ( '' !== $token ) {
			$finished = $this->finish( $token, true );
			$this->assertNotSame( 200, $finished->get_status(), 'no key to adopt' );
		}
	}

	private function connect( string $store_url ): WP_REST_Response {
		return $this->rest( 'POST', '/cart-sessions/v1/connection/connect', array( 'store_url' => $store_url ), true );
	}

	private function finish( string $token, bool $success ): WP_REST_Response {
		return $this->rest( 'POST', '/cart-sessions/v1/connection/finish', array(
			'token'   => $token,
			'success' => $success,
		), true );
	}

	public function test_the_callback_is_the_only_route_without_a_login(): void {
		$public = array();
		$server = rest_get_server();
		foreach ( $server->get_routes() as $route => $handlers ) {
			if ( 0 !== strpos( $route, '/cart-sessions/v1' ) || '/cart-sessions/v1' === $route ) {
				continue;
			}
			foreach ( $handlers as $handler ) {
				foreach ( array_keys( $handler['methods'] ) as $method ) {
					$request = new WP_REST_Request( $method, $route );
					foreach ( array( 0, $this->make_user( 'subscriber' ) ) as $user ) {
						wp_set_current_user( $user );
						$allowed = call_user_func( $handler['permission_callback'], $request );
						if ( true === $allowed ) {
							$public[] = "$method $route";
						}
					}
				}
			}
		}
		$this->assertSame(
			array( 'POST ' . self::CALLBACK, 'POST ' . self::CALLBACK ),
			$public,
			'allowed for a visitor and a subscriber: the callback, and nothing else'
		);
		$this->assertGreaterThan( 10, count( $server->get_routes( 'cart-sessions/v1' ) ), 'every route was looked at' );
	}

	public function test_a_callback_for_a_token_that_was_never_minted_is_refused(): void {
		$this->assertRefusedAndNothingKept( $this->store_posts( $this->body( str_repeat( 'ab', 32 ) ) ) );
	}

	public function test_a_callback_with_a_field_missing_or_malformed_is_refused_and_burns_nothing(): void {
		$token = $this->start();
		foreach ( Connect::CALLBACK_FIELDS as $field ) {
			$body = $this->body( $token );
			unset( $body[ $field ] );
			$this->assertRefusedAndNothingKept( $this->store_posts( $body ) );
		}
		$bad = array(
			array( 'consumer_key' => 'ck_short' ),
			array( 'consumer_secret' => self::CK ),
			array( 'key_permissions' => 'admin' ),
			array( 'key_id' => 0 ),
			array( 'user_id' => array( $token ) ),
		);
		foreach ( $bad as $changes ) {
			$this->assertRefusedAndNothingKept( $this->store_posts( $this->body( $token, $changes ) ) );
		}
		$not_json = new WP_REST_Request( 'POST', self::CALLBACK );
		$not_json->set_body( 'key_id=1&user_id=' . $token );
		$this->assertSame( 400, rest_do_request( $not_json )->get_status() );

		$this->assertSame( 200, $this->store_posts( $this->body( $token ) )->get_status(), 'the token still works' );
	}

	public function test_a_replayed_callback_is_refused_and_the_first_key_stays(): void {
		$token = $this->start();
		$first = $this->store_posts( $this->body( $token ) );
		$this->assertSame( 200, $first->get_status() );
		$this->assertEquals( new stdClass(), $first->get_data(), 'nothing echoed' );

		$other = 'cs_' . str_repeat( '0', 40 );
		$replay = $this->body( $token, array( 'consumer_secret' => $other ) );
		$this->assertRefusedAndNothingKept( $this->store_posts( $replay ) );
		$record = ( new ConnectTokens() )->take( $token, get_current_user_id() );
		$this->assertSame( self::CS, $record['pair']['consumer_secret'], 'the first pair, not the replay' );
	}

	public function test_a_callback_after_the_token_expired_is_refused(): void {
		$token   = $this->start();
		$records = get_option( ConnectTokens::OPTION );
		foreach ( $records as $hash => $record ) {
			$records[ $hash ]['minted_at'] = time() - ConnectTokens::TTL - 1;
		}
		update_option( ConnectTokens::OPTION, $records, false );
		$this->assertRefusedAndNothingKept( $this->store_posts( $this->body( $token ) ), $token );
	}

	public function test_a_callback_from_another_site_than_the_store_is_refused_and_the_manager_is_told(): void {
		$token = $this->start();
		$this->assertRefusedAndNothingKept(
			$this->store_posts( $this->body( $token ), 'WordPress/6.7; https://attacker.example.net' )
		);
		$this->assertRefusedAndNothingKept( $this->store_posts( $this->body( $token ) ) ); // The token is burnt.
		$finished = $this->finish( $token, true );
		$this->assertSame( 409, $finished->get_status() );
		$this->assertSame( 'cart_sessions_connect_wrong_store', $finished->get_data()['code'] );
		$this->assertStringContainsString( 'https://attacker.example.net:443', $finished->get_data()['message'] );

		$token = $this->start();
		$this->assertRefusedAndNothingKept( $this->store_posts( $this->body( $token ), 'curl/8.0' ) );
	}

	public function test_a_token_minted_for_one_store_does_not_take_a_key_from_another(): void {
		$token = $this->start( 'https://other-shop.example.org' );
		$this->assertRefusedAndNothingKept( $this->store_posts( $this->body( $token ) ) );
	}

	public function test_too_many_refusals_from_one_address_get_429_until_the_window_ends(): void {
		$this->add_test_filter(
			'cart_sessions_connect_callback_limit',
			static function (): int {
				return 3;
			}
		);
		$token = $this->start();
		for ( $i = 0; $i < 3; $i++ ) {
			$this->assertSame( 400, $this->store_posts( $this->body( str_repeat( 'cd', 32 ) ) )->get_status() );
		}
		$limited = $this->store_posts( $this->body( $token ) );
		$this->assertSame( 429, $limited->get_status() );
		$this->assertGreaterThan( 0, (int) $limited->get_headers()['Retry-After'] );
		$this->assertLessThanOrEqual( CallbackLimit::WINDOW, (int) $limited->get_headers()['Retry-After'] );

		$_SERVER['REMOTE_ADDR'] = '198.51.100.9'; // Another address is not held back.
		$this->assertSame( 200, $this->store_posts( $this->body( $token ) )->get_status() );
	}

	public function test_connect_needs_https_on_this_site_and_says_how_to_connect_by_hand(): void {
		remove_all_filters( 'rest_url' );
		$this->log_in_as( 'administrator' );
		$refused = $this->connect( self::STORE );
		$this->assertSame( 400, $refused->get_status() );
		$this->assertSame( 'cart_sessions_connect_needs_https', $refused->get_data()['code'] );
		$this->assertStringContainsString(
			'WooCommerce → Settings → Advanced → REST API',
			$refused->get_data()['message']
		);
		$this->assertFalse( get_option( ConnectTokens::OPTION ), 'no token minted' );

		$settings = $this->rest( 'GET', '/cart-sessions/v1/settings' )->get_data();
		$this->assertFalse( $settings['connect']['available'] );
		$this->assertSame( $refused->get_data()['message'], $settings['connect']['reason'] );
	}

	public function test_connect_sends_the_browser_to_the_stores_authorize_page_with_woocommerces_parameters(): void {
		$this->log_in_as( 'administrator' );
		$started = $this->rest( 'POST', '/cart-sessions/v1/connection/connect', array(
			'store_url' => 'HTTPS://Shop.Example.com/',
			'scope'     => 'read',
		), true )->get_data();
		$url     = $started['authorize_url'];
		$this->assertStringStartsWith( 'https://shop.example.com/wc-auth/v1/authorize?', $url );
		parse_str( (string) wp_parse_url( $url, PHP_URL_QUERY ), $query );
		$this->assertSame( 'Cart Sessions for CoCart', $query['app_name'] );
		$this->assertSame( 'read', $query['scope'] );
		$this->assertMatchesRegularExpression( '/^[0-9a-f]{64}$/', $query['user_id'] );
		$this->assertStringStartsWith( 'https://', $query['callback_url'] );
		$this->assertStringEndsWith( '/wp-json/cart-sessions/v1/connection/callback', $query['callback_url'] );
		$this->assertStringContainsString( 'page=cart-sessions&tab=settings', $query['return_url'] );
		$stored = (string) wp_json_encode( get_option( ConnectTokens::OPTION ) );
		$this->assertStringNotContainsString( $query['user_id'], $stored, 'only the token’s hash is stored' );

		$bad = $this->connect( 'ftp://shop' );
		$this->assertSame( 400, $bad->get_status() );
		$this->assertArrayHasKey( 'store_url', $bad->get_data()['data']['params'] );
		$scope = $this->rest( 'POST', '/cart-sessions/v1/connection/connect', array(
			'store_url' => self::STORE,
			'scope'     => 'write',
		), true );
		$this->assertSame( 400, $scope->get_status(), 'read or read_write only' );
	}

	public function test_connect_is_refused_while_wp_config_fixes_the_key(): void {
		putenv( 'COCART_CONSUMER_KEY=' . self::CK );
		$this->log_in_as( 'administrator' );
		$refused = $this->connect( self::STORE );
		$this->assertSame( 409, $refused->get_status() );
		$this->assertStringContainsString( 'COCART_CONSUMER_KEY', $refused->get_data()['message'] );
	}

	public function test_denied_on_the_store_saves_nothing_and_says_so(): void {
		$token  = $this->start();
		$denied = $this->finish( $token, false );
		$this->assertSame( 200, $denied->get_status() );
		$this->assertSame( 'denied', $denied->get_data()['status'] );
		$this->assertStringContainsString( 'Nothing was saved', $denied->get_data()['message'] );
		$this->assertSame( '', $denied->get_data()['settings']['consumer_key_hint'] );
		$this->assertSame( 410, $this->finish( $token, false )->get_status(), 'a token is taken back once' );
	}

	public function test_an_expired_unknown_or_someone_elses_token_is_410_with_what_to_do(): void {
		$token = $this->start();
		$this->assertSame( 200, $this->store_posts( $this->body( $token ) )->get_status() );
		$this->log_in_as( 'administrator' );
		$other = $this->finish( $token, true );
		$this->assertSame( 410, $other->get_status(), 'another administrator cannot take it' );
		$this->assertStringContainsString( 'Connect to a store', $other->get_data()['message'] );
		$this->assertSame( 410, $this->finish( str_repeat( 'ef', 32 ), true )->get_status() );
		$this->assertSame( 410, $this->finish( 'not-a-token', true )->get_status() );
		$no_success = $this->rest( 'POST', '/cart-sessions/v1/connection/finish', array( 'token' => $token ), true );
		$this->assertSame( 400, $no_success->get_status(), 'success is needed' );
	}
}
