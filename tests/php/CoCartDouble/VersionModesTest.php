<?php
/**
 * The version modes (docs/cocart-api.md#versions): 4.2.0–4.3.5, 4.7.0, 4.8.0 and "documented".
 */

declare(strict_types=1);

require_once __DIR__ . '/DoubleTestCase.php';

use CoCartDouble\Control;

final class VersionModesTest extends DoubleTestCase {

	public function test_unknown_mode_is_refused(): void {
		$this->expectException( InvalidArgumentException::class );
		Control::set_mode( '9.9.9' );
	}

	public function test_4_2_0_single_get_is_always_404(): void {
		$this->mode( '4.2.0' );
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session( array( array( 16, 1 ) ) ) );
		$this->assertRestError(
			$this->api( 'GET', 'cocart/v2/session/abc', $key ),
			404,
			'cocart_cart_in_session_not_valid',
			'Cart in session is not valid!'
		);
		$this->assertRestError(
			$this->api( 'GET', 'cocart/v2/session/abc/items', $key ),
			404,
			'cocart_cart_in_session_not_valid'
		);
	}

	public function test_4_2_0_delete_is_always_404_and_deletes_nothing(): void {
		$this->mode( '4.2.0' );
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session() );
		$this->assertRestError(
			$this->api( 'DELETE', 'cocart/v2/session/abc', $key ),
			404,
			'cocart_session_not_valid',
			'Session is not valid!'
		);
		$this->assertNotNull( $this->row( 'abc' ) );
	}

	public function test_4_2_0_list_still_works(): void {
		$this->mode( '4.2.0' );
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session() );
		$this->assertSame(
			array( 'abc' ),
			array_column( $this->customer_rows( $this->api( 'GET', 'cocart/v2/sessions', $key ), $key ), 'cart_key' )
		);
	}

	public function fatal_modes(): array {
		return array(
			'4.7.0' => array( '4.7.0' ),
			'4.8.0' => array( '4.8.0' ),
		);
	}

	/**
	 * @dataProvider fatal_modes
	 */
	public function test_single_and_items_of_a_cart_with_items_are_500_critical_error_pages( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session( array( array( 16, 1 ) ) ) );
		foreach ( array( 'cocart/v2/session/abc', 'cocart/v2/session/abc/items' ) as $path ) {
			$r = $this->api( 'GET', $path, $key );
			$this->assertSame( 500, $r->status, $path );
			$this->assertStringStartsWith( 'text/html', (string) $r->header( 'Content-Type' ) );
			$this->assertStringContainsString( 'There has been a critical error on this website.', $r->body );
			$this->assertNull( $r->json );
		}
		// A client that asks for JSON gets WordPress's JSON version of the same fatal.
		$r = $this->api(
			'GET',
			'cocart/v2/session/abc',
			$key,
			array( 'headers' => array( 'Accept: application/json' ) )
		);
		$this->assertSame( 500, $r->status );
		$this->assertSame( 'internal_server_error', $r->json['code'] ?? null, $r->body );
		$this->assertStringContainsString( 'There has been a critical error on this website.', $r->json['message'] );
	}

	/**
	 * @dataProvider fatal_modes
	 */
	public function test_single_of_an_empty_cart_still_works_and_delete_works( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 'empty1', $this->session() );
		$this->put_cart( 'full', $this->session( array( array( 16, 1 ) ) ) );
		$this->assertSame( 200, $this->api( 'GET', 'cocart/v2/session/empty1', $key )->status );
		$this->assertSame( 200, $this->api( 'DELETE', 'cocart/v2/session/full', $key )->status );
		$this->assertNull( $this->row( 'full' ) );
	}

	public function test_4_8_0_basic_keys_are_401_but_query_string_keys_and_oauth_work(): void {
		$this->mode( '4.8.0' );
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session() );
		$basic = $this->request(
			'GET',
			self::HTTPS . '/wp-json/cocart/v2/sessions',
			array( 'auth' => array( 'basic', $key['consumer_key'], $key['consumer_secret'] ) )
		);
		$this->assertRestError( $basic, 401, 'cocart_authentication_error' );
		$query = $this->request(
			'GET',
			self::HTTPS . '/wp-json/cocart/v2/sessions',
			array( 'auth' => array( 'query', $key['consumer_key'], $key['consumer_secret'] ) )
		);
		$this->assertSame( 200, $query->status, $query->body );
		$this->assertSame( 200, $this->api( 'GET', 'cocart/v2/sessions', $key )->status );
	}

	public function test_4_3_6_reports_no_fatal_for_carts_with_items(): void {
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session( array( array( 16, 1 ) ) ) );
		$this->assertSame( 200, $this->api( 'GET', 'cocart/v2/session/abc', $key )->status );
		$this->assertSame( 200, $this->api( 'GET', 'cocart/v2/session/abc/items', $key )->status );
	}

	// "documented": what the docs show.

	public function test_documented_list_is_paged_with_page_and_per_page_and_total_headers(): void {
		$this->mode( 'documented' );
		$key = $this->make_key();
		foreach ( range( 1, 12 ) as $i ) {
			$this->put_cart( "doc$i", $this->session(), 1000 + $i, 2000000000 + $i );
		}
		$r = $this->api(
			'GET',
			'cocart/v2/sessions',
			$key,
			array( 'query' => array( 'page' => '2', 'per_page' => '2' ) )
		);
		$this->assertSame( 200, $r->status, $r->body );
		$this->assertSame( array( 'doc3', 'doc4' ), array_column( $r->json, 'session_key' ) );
		$this->assertSame( '12', $r->header( 'X-WP-Total' ) );
		$this->assertSame( '6', $r->header( 'X-WP-TotalPages' ) );
		$this->assertCount( 10, $this->api( 'GET', 'cocart/v2/sessions', $key )->json, 'per_page defaults to 10' );
	}

	public function test_documented_rows_have_cart_items_totals_billing_email_and_unix_expiry(): void {
		$this->mode( 'documented' );
		$key = $this->make_key();
		$this->put_cart(
			'doc1',
			$this->session( array( array( 16, 2 ) ), array( 'first_name' => 'Jane', 'email' => 'jane@example.com' ) ),
			1741944413,
			1742117470
		);
		$row = $this->api( 'GET', 'cocart/v2/sessions', $key )->json[0];
		$this->assertSame( 'doc1', $row['session_key'] );
		$this->assertSame( 1742117470, $row['cart_expiry'] );
		$this->assertSame( 1742117470, $row['session_expiry'] );
		$this->assertSame( '36.00', $row['cart_totals']['total'] );
		$this->assertSame( 'jane@example.com', $row['customer']['billing_email'] );
		$this->assertSame( 'Beanie', $row['cart_items'][0]['name'] );
		$this->assertSame( 2, $row['cart_items'][0]['quantity'] );
	}

	public function test_documented_empty_list_is_an_empty_array(): void {
		$this->mode( 'documented' );
		$key = $this->make_key();
		$r   = $this->request(
			'GET',
			self::HTTPS . '/wp-json/cocart/v2/sessions',
			array( 'auth' => array( 'query', $key['consumer_key'], $key['consumer_secret'] ) )
		);
		$this->assertSame( 200, $r->status );
		$this->assertSame( array(), $r->json );
	}

	public function test_documented_single_items_and_delete_use_plural_sessions_paths(): void {
		$this->mode( 'documented' );
		$key = $this->make_key();
		$this->put_cart( 'doc1', $this->session( array( array( 17, 1 ) ) ) );
		$r = $this->api( 'GET', 'cocart/v2/sessions/doc1', $key );
		$this->assertSame( 200, $r->status, $r->body );
		$this->assertSame( 'doc1', $r->json['session_key'] );
		$items = $this->api( 'GET', 'cocart/v2/sessions/doc1/items', $key );
		$this->assertSame( array( 'Belt' ), array_column( $items->json, 'name' ) );
		$this->assertRestError( $this->api( 'GET', 'cocart/v2/session/doc1', $key ), 404, 'rest_no_route' );
		$d = $this->api( 'DELETE', 'cocart/v2/sessions/doc1', $key );
		$this->assertSame( 200, $d->status );
		$this->assertSame( array( 'deleted' => true ), $d->json );
		$this->assertNull( $this->row( 'doc1' ) );
	}

	public function test_documented_error_codes(): void {
		$this->mode( 'documented' );
		$this->assertRestError(
			$this->request( 'GET', self::HTTP . '/wp-json/cocart/v2/sessions' ),
			401,
			'cocart_unauthorized'
		);
		$editor = $this->make_key( 'read_write', 'editor' );
		$this->assertRestError( $this->api( 'GET', 'cocart/v2/sessions', $editor ), 403, 'cocart_forbidden' );
		$key = $this->make_key();
		$this->assertRestError( $this->api( 'GET', 'cocart/v2/sessions/nope', $key ), 404, 'cocart_session_not_found' );
		$this->assertRestError(
			$this->api( 'GET', 'cocart/v2/sessions/bad-key', $key ),
			400,
			'cocart_invalid_session_id'
		);
	}
}
