<?php
/**
 * GET/POST cart-sessions/v1/settings, and the permission check of every route of the plugin.
 */

declare(strict_types=1);

use CartSessions\Credentials\Settings;

final class SettingsRouteTest extends WpTestCase {

	private const CK = 'ck_0123456789abcdef0123456789abcdef01234567';
	private const CS = 'cs_5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e70001';

	protected function tearDown(): void {
		putenv( 'COCART_API_URL' );
		parent::tearDown();
	}

	/**
	 * Every route and method of the namespace, with placeholder path parameters.
	 *
	 * @return array<int,array{0:string,1:string}>
	 */
	private function routes(): array {
		$out = array();
		foreach ( rest_get_server()->get_routes( 'cart-sessions/v1' ) as $route => $handlers ) {
			if ( '/cart-sessions/v1' === $route ) {
				continue;
			}
			$path = preg_replace( '/\(\?P<[^>]+>[^)]+\)/', 'abc', $route );
			foreach ( $handlers as $handler ) {
				foreach ( array_keys( $handler['methods'] ) as $method ) {
					if ( 'POST' === $method && '/cart-sessions/v1/connection/callback' === $path ) {
						continue; // The store's callback, the one route without a login: ConnectCallbackTest.
					}
					$out[] = array( $method, $path );
				}
			}
		}
		return $out;
	}

	public function test_every_route_refuses_visitors_and_users_without_the_capability(): void {
		$routes = $this->routes();
		$this->assertContains( array( 'GET', '/cart-sessions/v1/settings' ), $routes );
		$this->assertContains( array( 'POST', '/cart-sessions/v1/settings' ), $routes );
		foreach ( $routes as list( $method, $path ) ) {
			wp_set_current_user( 0 );
			$anonymous = $this->rest( $method, $path );
			$this->assertSame(
				401,
				$anonymous->get_status(),
				"$method $path anonymous: " . wp_json_encode( $anonymous->get_data() )
			);
		}
		$this->log_in_as( 'subscriber' );
		foreach ( $routes as list( $method, $path ) ) {
			$this->assertSame( 403, $this->rest( $method, $path )->get_status(), "$method $path subscriber" );
		}
		$this->log_in_as( 'editor' );
		$this->assertSame( 403, $this->rest( 'GET', '/cart-sessions/v1/settings' )->get_status() );
		$this->log_in_as( 'subscriber', array( 'manage_woocommerce' ) );
		$this->assertSame(
			403,
			$this->rest( 'GET', '/cart-sessions/v1/settings' )->get_status(),
			'manage_woocommerce counts only where WooCommerce is active'
		);
	}

	public function test_administrator_and_shop_manager_are_allowed_on_every_connection_route(): void {
		$routes = array(
			array( 'GET', '/cart-sessions/v1/settings', array() ),
			array( 'POST', '/cart-sessions/v1/settings', array( 'timeout' => 12 ) ),
			array( 'POST', '/cart-sessions/v1/connection/test', array() ),
			array( 'GET', '/cart-sessions/v1/log', array() ),
			array( 'DELETE', '/cart-sessions/v1/log', array() ),
		);
		$this->log_in_as( 'administrator' );
		foreach ( $routes as list( $method, $route, $params ) ) {
			$this->assertSame(
				200,
				$this->rest( $method, $route, $params )->get_status(),
				"administrator $method $route"
			);
		}

		$this->add_test_filter( 'cart_sessions_is_woocommerce_active', '__return_true' );
		$this->log_in_as( 'shop_manager' );
		$this->assertTrue( current_user_can( 'manage_woocommerce' ) );
		$this->assertFalse( current_user_can( 'manage_options' ) );
		foreach ( $routes as list( $method, $route, $params ) ) {
			$this->assertSame(
				200,
				$this->rest( $method, $route, $params )->get_status(),
				"shop manager $method $route"
			);
		}
	}

	public function test_secret_is_write_only(): void {
		$this->log_in_as( 'administrator' );
		$saved = $this->rest(
			'POST',
			'/cart-sessions/v1/settings',
			array(
				'store_url'       => 'https://shop.example.com',
				'consumer_key'    => self::CK,
				'consumer_secret' => self::CS,
			)
		);
		$this->assertSame( 200, $saved->get_status(), wp_json_encode( $saved->get_data() ) );
		$read = $this->rest( 'GET', '/cart-sessions/v1/settings' );
		foreach ( array( $saved, $read ) as $response ) {
			$data = $response->get_data();
			$json = (string) wp_json_encode( $data );
			$this->assertStringNotContainsString( self::CS, $json );
			$this->assertStringNotContainsString( substr( self::CS, 3, 20 ), $json );
			$this->assertStringNotContainsString( self::CK, $json, 'the whole key is not shown either' );
			$this->assertSame( 'ck_…4567', $data['consumer_key_hint'] );
			$this->assertTrue( $data['secret_saved'] );
			$this->assertArrayNotHasKey( 'consumer_secret', $data );
			$this->assertSame( 'https://shop.example.com', $data['store_url'] );
			$this->assertSame( 'ok', $data['state'] );
			$this->assertSame( 'saved', $data['sources']['consumer_secret'] );
			$this->assertFalse( $data['locked']['consumer_secret'] );
			$this->assertSame( 'primary', $data['key_in_use']['label'] );
		}
	}

	public function test_bad_input_is_a_400_naming_the_field_and_saves_nothing(): void {
		$this->log_in_as( 'administrator' );
		$this->assertSame(
			200,
			$this->rest(
				'POST',
				'/cart-sessions/v1/settings',
				array( 'consumer_key' => self::CK, 'consumer_secret' => self::CS )
			)->get_status()
		);
		$before = get_option( Settings::OPTION );
		$cases  = array(
			'store_url'       => array( 'store_url' => 'ftp://x.example.com', 'timeout' => 30 ),
			'timeout'         => array( 'timeout' => 'soon' ),
			'consumer_key'    => array( 'consumer_key' => 'ck_nope' ),
			'consumer_secret' => array( 'consumer_secret' => 'cs_nope' ),
			'backup_keys'     => array( 'backup_keys' => 'ck_x' ),
			'debug_log'       => array( 'debug_log' => 'perhaps' ),
		);
		foreach ( $cases as $field => $params ) {
			$response = $this->rest( 'POST', '/cart-sessions/v1/settings', $params );
			$this->assertSame( 400, $response->get_status(), $field );
			$data = $response->get_data();
			$this->assertSame( 'rest_invalid_param', $data['code'] );
			$this->assertArrayHasKey( $field, $data['data']['params'], wp_json_encode( $data ) );
			$this->assertSame( $before, get_option( Settings::OPTION ), $field );
		}
		// A cross-field problem (new key without its secret) names the field too.
		$response = $this->rest(
			'POST',
			'/cart-sessions/v1/settings',
			array( 'consumer_key' => 'ck_' . str_repeat( 'e', 40 ), 'timeout' => 40 )
		);
		$this->assertSame( 400, $response->get_status() );
		$this->assertArrayHasKey( 'consumer_secret', $response->get_data()['data']['params'] );
		$this->assertSame( $before, get_option( Settings::OPTION ) );
	}

	public function test_overridden_fields_show_their_source_and_are_locked(): void {
		putenv( 'COCART_API_URL=https://env.example.com' );
		$this->log_in_as( 'administrator' );
		$data = $this->rest( 'GET', '/cart-sessions/v1/settings' )->get_data();
		$this->assertSame( 'https://env.example.com', $data['store_url'] );
		$this->assertSame( 'environment', $data['sources']['store_url'] );
		$this->assertTrue( $data['locked']['store_url'] );
		$response = $this->rest(
			'POST',
			'/cart-sessions/v1/settings',
			array( 'store_url' => 'https://mine.example.com' )
		);
		$this->assertSame( 400, $response->get_status() );
		$this->assertStringContainsString( 'COCART_API_URL', $response->get_data()['data']['params']['store_url'] );
	}
}
