<?php
/**
 * The routes (docs/cocart-api.md#routes), and "any other path/method → 404 rest_no_route".
 */

declare(strict_types=1);

require_once __DIR__ . '/DoubleTestCase.php';

final class RoutesTest extends DoubleTestCase {

	/**
	 * @dataProvider source_modes
	 */
	public function test_list_route_is_get_cocart_v2_sessions( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session() );
		$r = $this->api( 'GET', 'cocart/v2/sessions', $key );
		$this->assertSame( 200, $r->status, $r->body );
		$this->assertSame( 'GET', $r->header( 'Allow' ) );
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_single_session_delete_and_items_routes_exist( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$r   = $this->api( 'GET', 'cocart/v2/session/nope', $key );
		$this->assertNotSame( 'rest_no_route', $r->json['code'] ?? null );
		$this->assertSame( 'GET, DELETE', $r->header( 'Allow' ) );
		$r = $this->api( 'GET', 'cocart/v2/session/nope/items', $key );
		$this->assertNotSame( 'rest_no_route', $r->json['code'] ?? null );
		$this->assertSame( 'GET', $r->header( 'Allow' ) );
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_no_session_routes_in_other_namespaces( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$paths = array(
			'cocart/v1/sessions',
			'cocart/v3/sessions',
			'cocart/preview/sessions',
			'cocart/v1/session/abc',
		);
		foreach ( $paths as $path ) {
			$this->assertRestError(
				$this->api( 'GET', $path, $key ),
				404,
				'rest_no_route',
				'No route was found matching the URL and request method.'
			);
		}
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_plural_sessions_with_a_key_is_rest_no_route( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session() );
		$this->assertRestError( $this->api( 'GET', 'cocart/v2/sessions/abc', $key ), 404, 'rest_no_route' );
		$this->assertRestError( $this->api( 'DELETE', 'cocart/v2/sessions/abc', $key ), 404, 'rest_no_route' );
		$this->assertRestError( $this->api( 'GET', 'cocart/v2/sessions/abc/items', $key ), 404, 'rest_no_route' );
		$this->assertNotNull( $this->row( 'abc' ), 'nothing was deleted' );
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_other_methods_are_rest_no_route( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session() );
		$this->assertRestError( $this->api( 'POST', 'cocart/v2/sessions', $key ), 404, 'rest_no_route' );
		$this->assertRestError( $this->api( 'DELETE', 'cocart/v2/sessions', $key ), 404, 'rest_no_route' );
		$this->assertRestError( $this->api( 'PUT', 'cocart/v2/session/abc', $key ), 404, 'rest_no_route' );
		$this->assertRestError( $this->api( 'DELETE', 'cocart/v2/session/abc/items', $key ), 404, 'rest_no_route' );
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_key_outside_word_characters_or_missing_is_rest_no_route( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 't_abc', $this->session() );
		$this->assertRestError( $this->api( 'GET', 'cocart/v2/session/t-abc', $key ), 404, 'rest_no_route' );
		$this->assertRestError( $this->api( 'GET', 'cocart/v2/session/t.abc', $key ), 404, 'rest_no_route' );
		$this->assertRestError( $this->api( 'GET', 'cocart/v2/session/', $key ), 404, 'rest_no_route' );
		$this->assertRestError( $this->api( 'DELETE', 'cocart/v2/session/t-abc', $key ), 404, 'rest_no_route' );
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_list_ignores_every_query_argument( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		foreach ( array( 'a1', 'b2', 'c3' ) as $i => $cart ) {
			$this->put_cart( $cart, $this->session(), 1000 + $i, time() - 10 + $i );
		}
		$plain = $this->api( 'GET', 'cocart/v2/sessions', $key );
		$args  = $this->api(
			'GET',
			'cocart/v2/sessions',
			$key,
			array(
				'query' => array(
					'page'     => '2',
					'per_page' => '1',
					'order'    => 'desc',
					'orderby'  => 'cart_expiry',
					'search'   => 'b2',
					'status'   => 'active',
					'after'    => '2030-01-01T00:00:00',
				),
			)
		);
		$this->assertSame( 200, $args->status, $args->body );
		$this->assertSame( array( 'a1', 'b2', 'c3' ), array_column( $this->customer_rows( $args, $key ), 'cart_key' ) );
		$this->assertSame(
			array_column( $this->customer_rows( $plain, $key ), 'cart_key' ),
			array_column( $this->customer_rows( $args, $key ), 'cart_key' )
		);
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_list_sends_no_pagination_headers( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session() );
		$r = $this->api( 'GET', 'cocart/v2/sessions', $key, array( 'query' => array( 'per_page' => '1' ) ) );
		$this->assertSame( 200, $r->status );
		$this->assertNull( $r->header( 'X-WP-Total' ) );
		$this->assertNull( $r->header( 'X-WP-TotalPages' ) );
		// WordPress's own discovery link is on every REST response; nothing points to another page.
		$this->assertStringNotContainsString( 'rel="next"', (string) $r->header( 'Link' ) );
		$this->assertStringNotContainsString( 'rel="prev"', (string) $r->header( 'Link' ) );
	}

	/**
	 * @dataProvider readable_modes
	 */
	public function test_thumb_must_be_a_boolean( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session() );
		$this->assertRestError(
			$this->api( 'GET', 'cocart/v2/session/abc', $key, array( 'query' => array( 'thumb' => 'abc' ) ) ),
			400,
			'rest_invalid_param',
			'Invalid parameter(s): thumb'
		);
		$this->assertRestError(
			$this->api( 'GET', 'cocart/v2/session/abc/items', $key, array( 'query' => array( 'thumb' => 'abc' ) ) ),
			400,
			'rest_invalid_param',
			'Invalid parameter(s): thumb'
		);
		$this->assertSame(
			200,
			$this->api( 'GET', 'cocart/v2/session/abc', $key, array( 'query' => array( 'thumb' => 'false' ) ) )->status
		);
	}

	/**
	 * @dataProvider readable_modes
	 */
	public function test_key_lookup_is_case_insensitive_and_echoes_the_key_as_sent( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 't_abcdef', $this->session() );
		$r = $this->api( 'GET', 'cocart/v2/session/T_ABCDEF', $key );
		$this->assertSame( 200, $r->status, $r->body );
		$this->assertSame( 'T_ABCDEF', $r->json['cart_key'] );
		// WordPress matches the route case-insensitively (no rest_no_route), but WooCommerce/CoCart look for
		// "wp-json/cocart/" case-sensitively in REQUEST_URI, so the key is not even looked at: anonymous.
		$r = $this->api( 'GET', 'COCART/V2/SESSION/T_AbCdEf', $key );
		$this->assertRestError( $r, 401, 'cocart_rest_cannot_view' );
	}

	/**
	 * cart_key / CoCart-API-Cart-Key make CoCart load that cart as the caller's session (and save it).
	 *
	 * @dataProvider readable_modes
	 */
	public function test_sending_cart_key_makes_that_cart_the_callers_session( string $mode ): void {
		$this->mode( $mode );
		$key    = $this->make_key();
		$expiry = time() - HOUR_IN_SECONDS;
		$this->put_cart( 'victim', $this->session(), 1000, $expiry );
		$this->put_cart( 'other', $this->session(), 1000, $expiry );
		$this->api( 'GET', 'cocart/v2/session/other', $key, array( 'query' => array( 'cart_key' => 'victim' ) ) );
		$this->assertGreaterThan(
			time() + 6 * DAY_IN_SECONDS,
			(int) $this->row( 'victim' )['cart_expiry'],
			'the requested cart was re-stamped as the caller\'s session'
		);
		$this->assertSame( $expiry, (int) $this->row( 'other' )['cart_expiry'] );
		$this->assertNull( $this->row( (string) $key['user_id'] ), 'the caller\'s own session was not written' );
		$this->api( 'GET', 'cocart/v2/sessions', $key, array( 'headers' => array( 'CoCart-API-Cart-Key: other' ) ) );
		$this->assertGreaterThan( time() + 6 * DAY_IN_SECONDS, (int) $this->row( 'other' )['cart_expiry'] );
	}

	public function test_store_route_is_public_and_reports_the_version(): void {
		foreach ( array( '4.2.0', '4.3.6', '4.7.0', '4.8.0' ) as $mode ) {
			$this->mode( $mode );
			$r = $this->request( 'GET', self::HTTP . '/wp-json/cocart/v2/store' );
			$this->assertSame( 200, $r->status );
			$this->assertSame( $mode, $r->json['version'] );
		}
	}
}
