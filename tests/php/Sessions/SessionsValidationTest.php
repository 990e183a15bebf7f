<?php
/**
 * Bad input and safety: every bad argument of the Sessions routes is a 400 naming the field (or an
 * empty page), never a 500, and never reaches the store — counted with http_api_debug, and any request that
 * would go out is refused by pre_http_request anyway.
 */

declare(strict_types=1);

use CartSessions\Credentials\Settings;

final class SessionsValidationTest extends WpTestCase {

	/** @var int */
	private $upstream = 0;

	protected function setUp(): void {
		parent::setUp();
		$this->assertTrue(
			( new Settings() )->save(
				array(
					'store_url'       => 'http://127.0.0.1:8899',
					'consumer_key'    => 'ck_' . str_repeat( 'a', 40 ),
					'consumer_secret' => 'cs_' . str_repeat( 'b', 40 ),
				)
			)
		);
		$this->upstream = 0;
		$this->add_test_filter(
			'pre_http_request',
			function () {
				++$this->upstream;
				return new WP_Error( 'http_request_failed', 'blocked by the test' );
			}
		);
		$this->add_test_filter(
			'http_api_debug',
			function () {
				++$this->upstream;
			}
		);
		$this->log_in_as( 'administrator' );
	}

	/**
	 * @param array<string,mixed> $params
	 */
	private function assertBadParam(
		string $field,
		string $method,
		string $route,
		array $params = array(),
		bool $json = false
	): void {
		$response = $this->rest( $method, $route, $params, $json );
		$data     = $response->get_data();
		$label    = "$method $route " . substr( (string) wp_json_encode( $params ), 0, 120 );
		$this->assertSame(
			400,
			$response->get_status(),
			$label . ' → ' . substr( (string) wp_json_encode( $data ), 0, 300 )
		);
		$this->assertContains( $data['code'], array( 'rest_invalid_param', 'rest_missing_callback_param' ), $label );
		$params_named = (array) ( $data['data']['params'] ?? array() );
		$this->assertTrue(
			isset( $params_named[ $field ] ) || in_array( $field, $params_named, true ),
			"$label names $field: " . wp_json_encode( $data )
		);
		$this->assertSame( 0, $this->upstream, "$label made no upstream request" );
	}

	/**
	 * @return array<string,array{0:string,1:mixed}>
	 */
	public function bad_list_args(): array {
		return array(
			'per_page 0'          => array( 'per_page', 0 ),
			'per_page -1'         => array( 'per_page', -1 ),
			'per_page 101'        => array( 'per_page', 101 ),
			'per_page 10^9'       => array( 'per_page', 1000000000 ),
			'per_page text'       => array( 'per_page', 'ten' ),
			'page 0'              => array( 'page', 0 ),
			'page -3'             => array( 'page', -3 ),
			'page text'           => array( 'page', 'first' ),
			'orderby unknown'     => array( 'orderby', 'cart_value' ),
			'orderby sql'         => array( 'orderby', 'cart_expiry; DROP TABLE wp_users' ),
			'order unknown'       => array( 'order', 'sideways' ),
			'status unknown'      => array( 'status', 'abandoned' ),
			'source unknown'      => array( 'source', 'headless' ),
			'has_items unknown'   => array( 'has_items', 'maybe' ),
			'search 10 KB'        => array( 'search', str_repeat( 'x', 10240 ) ),
			'search 201 chars'    => array( 'search', str_repeat( 'é', 201 ) ),
			'search array'        => array( 'search', array( 'a' ) ),
			'refresh not boolean' => array( 'refresh', 'perhaps' ),
		);
	}

	/**
	 * @dataProvider bad_list_args
	 * @param mixed $value
	 */
	public function test_bad_list_argument_is_a_400_naming_it_without_an_upstream_call( string $field, $value ): void {
		$this->assertBadParam( $field, 'GET', '/cart-sessions/v1/sessions', array( $field => $value ) );
	}

	/**
	 * @return array<string,array{0:string}>
	 */
	public function bad_keys(): array {
		return array(
			'slash'        => array( 'abc/def' ),
			'dot dot'      => array( '..' ),
			'dot dot path' => array( '../../wp-json' ),
			'NUL'          => array( "abc\0def" ),
			'encoded NUL'  => array( 'abc%00' ),
			'space'        => array( 'abc def' ),
			'dash'         => array( 't_abc-def' ),
			'200 chars'    => array( str_repeat( 'a', 200 ) ),
			'43 chars'     => array( str_repeat( 'a', 43 ) ),
			'unicode'      => array( 'cärt' ),
			'query'        => array( 'abc?cart_key=1' ),
		);
	}

	/**
	 * @dataProvider bad_keys
	 */
	public function test_bad_key_is_a_400_naming_key_on_get_and_delete( string $key ): void {
		$this->assertBadParam( 'key', 'GET', '/cart-sessions/v1/sessions/' . $key );
		$this->assertBadParam( 'key', 'DELETE', '/cart-sessions/v1/sessions/' . $key );
	}

	/**
	 * @dataProvider bad_keys
	 */
	public function test_bad_key_in_a_bulk_delete_is_a_400_naming_keys( string $key ): void {
		$this->assertBadParam(
			'keys',
			'POST',
			'/cart-sessions/v1/sessions/delete',
			array( 'keys' => array( 'good_key', $key ) ),
			true
		);
	}

	public function test_bulk_delete_needs_keys_or_filter_but_not_both_and_bounds_the_list(): void {
		$route = '/cart-sessions/v1/sessions/delete';
		$this->assertBadParam( 'keys', 'POST', $route, array(), true );
		$this->assertBadParam(
			'keys',
			'POST',
			$route,
			array( 'keys' => array( 'a' ), 'filter' => array( 'status' => 'expired' ) ),
			true
		);
		$this->assertBadParam( 'keys', 'POST', $route, array( 'keys' => array() ), true );
		$this->assertBadParam(
			'keys',
			'POST',
			$route,
			array( 'keys' => array_map( static function ( int $i ): string { return 'k' . $i; }, range( 1, 101 ) ) ),
			true
		);
		$this->assertBadParam( 'keys', 'POST', $route, array( 'keys' => 'abc' ), true );
		$this->assertBadParam( 'keys', 'POST', $route, array( 'keys' => array( array( 'nested' ) ) ), true );
		$this->assertBadParam( 'filter', 'POST', $route, array( 'filter' => array( 'status' => 'abandoned' ) ), true );
		$this->assertBadParam( 'filter', 'POST', $route, array( 'filter' => array( 'source' => 'headless' ) ), true );
		$this->assertBadParam( 'filter', 'POST', $route, array( 'filter' => array( 'has_items' => 'maybe' ) ), true );
		$this->assertBadParam(
			'filter',
			'POST',
			$route,
			array( 'filter' => array( 'search' => str_repeat( 'x', 10240 ) ) ),
			true
		);
		$this->assertBadParam( 'filter', 'POST', $route, array( 'filter' => array( 'orderby' => 'key' ) ), true );
		$this->assertBadParam( 'filter', 'POST', $route, array( 'filter' => 'all' ), true );
	}

	public function test_anonymous_is_401_and_without_the_capability_403_on_every_sessions_route(): void {
		$routes = array(
			array( 'GET', '/cart-sessions/v1/sessions', array() ),
			array( 'GET', '/cart-sessions/v1/sessions/t_abc', array() ),
			array( 'DELETE', '/cart-sessions/v1/sessions/t_abc', array() ),
			array( 'POST', '/cart-sessions/v1/sessions/delete', array( 'keys' => array( 't_abc' ) ) ),
		);
		wp_set_current_user( 0 );
		foreach ( $routes as list( $method, $route, $params ) ) {
			$this->assertSame( 401, $this->rest( $method, $route, $params )->get_status(), "anonymous $method $route" );
		}
		$this->log_in_as( 'editor' );
		foreach ( $routes as list( $method, $route, $params ) ) {
			$this->assertSame( 403, $this->rest( $method, $route, $params )->get_status(), "editor $method $route" );
		}
		$this->assertSame( 0, $this->upstream );
	}

	public function test_not_configured_is_a_409_the_ui_can_name(): void {
		delete_option( Settings::OPTION );
		$response = $this->rest( 'GET', '/cart-sessions/v1/sessions' );
		$this->assertSame( 409, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assertSame( 'cart_sessions_not_configured', $response->get_data()['code'] );
		$this->assertNotEmpty( $response->get_data()['data']['fix'] );
		$this->assertSame( 409, $this->rest( 'GET', '/cart-sessions/v1/sessions/t_abc' )->get_status() );
		$this->assertSame( 409, $this->rest( 'DELETE', '/cart-sessions/v1/sessions/t_abc' )->get_status() );
		$this->assertSame(
			409,
			$this->rest( 'POST', '/cart-sessions/v1/sessions/delete', array( 'keys' => array( 'a' ) ) )->get_status()
		);
		$this->assertSame( 0, $this->upstream );
	}

	public function test_an_unreachable_store_is_a_502_with_a_fix_never_a_500(): void {
		$response = $this->rest( 'GET', '/cart-sessions/v1/sessions', array( 'search' => str_repeat( 'é', 200 ) ) );
		$this->assertSame( 502, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assertNotEmpty( $response->get_data()['data']['fix'] );
	}
}
