<?php
/**
 * WooCommerce's system status with CoCart's section, the tools, the one-request cleanup of expired carts
 * (docs/cocart-api.md#counts-and-the-bulk-tool), and the identity quirks measured on the real store (#measured).
 */

declare(strict_types=1);

require_once __DIR__ . '/DoubleTestCase.php';

final class StatusAndIdentityTest extends DoubleTestCase {

	private function wc( string $method, string $path, array $key ): HttpResult {
		return $this->api( $method, 'wc/v3/' . $path, $key );
	}

	private function mixed_carts(): void {
		$now = time();
		$this->put_cart( 'a', $this->session(), $now, $now + DAY_IN_SECONDS, 'cocart' );          // active
		$this->put_cart( 'b', $this->session(), $now, $now + HOUR_IN_SECONDS, 'cocart' );         // active, expiring
		$this->put_cart( 'c', $this->session(), $now, $now - HOUR_IN_SECONDS, 'woocommerce' );    // expired
		$this->put_cart( 'd', $this->session(), 0, $now - 90 * DAY_IN_SECONDS, '' );              // expired, legacy
		$this->put_cart( 'e', $this->session(), $now, $now + 5 * HOUR_IN_SECONDS, 'woocommerce' ); // active, expiring
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_system_status_has_a_cocart_section_with_counts_as_strings( string $mode ): void {
		$this->mode( $mode );
		$this->mixed_carts();
		$key = $this->make_key( 'read' );
		$r   = $this->wc( 'GET', 'system_status', $key );
		$this->assertSame( 200, $r->status, $r->body );
		$this->assertSame(
			array(
				'cocart_version'        => $mode,
				'cocart_db_version'     => $mode,
				'days_active'           => 0,
				'carts_in_session'      => '5',
				'count_carts_active'    => '3',
				'count_carts_expiring'  => '2',
				'carts_source_headless' => '2',
				'carts_source_web'      => '2',
				'carts_source_other'    => '1',
			),
			$r->json['cocart']
		);
		$this->assertStringContainsString( '"carts_in_session":"5"', $r->body );
	}

	public function test_system_status_needs_manage_woocommerce(): void {
		$this->assertRestError(
			$this->request( 'GET', self::HTTP . '/wp-json/wc/v3/system_status' ),
			401,
			'woocommerce_rest_cannot_view'
		);
		$editor = $this->make_key( 'read', 'editor' );
		$this->assertRestError( $this->wc( 'GET', 'system_status', $editor ), 403, 'woocommerce_rest_cannot_view' );
	}

	public function test_system_status_works_with_basic_over_https_too(): void {
		$key = $this->make_key( 'read' );
		$r   = $this->request(
			'GET',
			self::HTTPS . '/wp-json/wc/v3/system_status',
			array( 'auth' => array( 'basic', $key['consumer_key'], $key['consumer_secret'] ) )
		);
		$this->assertSame( 200, $r->status, $r->body );
		$this->assertSame( '0', $r->json['cocart']['carts_in_session'] );
		$this->assertTrue( $r->json['security']['secure_connection'] );
	}

	public function test_is_ssl_is_true_through_the_tls_proxy_and_false_over_plain_http(): void {
		$key   = $this->make_key( 'read' );
		$https = $this->request(
			'GET',
			self::HTTPS . '/wp-json/wc/v3/system_status',
			array( 'auth' => array( 'query', $key['consumer_key'], $key['consumer_secret'] ) )
		);
		$http  = $this->wc( 'GET', 'system_status', $key );
		$this->assertTrue( $https->json['security']['secure_connection'] );
		$this->assertFalse( $http->json['security']['secure_connection'] );
		$this->assertSame( self::HTTPS, $https->json['environment']['home_url'] );
		$this->assertSame( self::HTTP, $http->json['environment']['home_url'] );
	}

	public function test_tools_list_has_cocarts_four_tools(): void {
		$key = $this->make_key( 'read' );
		$r   = $this->wc( 'GET', 'system_status/tools', $key );
		$this->assertSame( 200, $r->status, $r->body );
		$tools = array_column( $r->json, null, 'id' );
		$ids = array( 'cocart_clear_carts', 'cocart_cleanup_carts', 'cocart_update_db', 'cocart_verify_db_tables' );
		foreach ( $ids as $id ) {
			$this->assertArrayHasKey( $id, $tools );
			$this->assertSame( array( 'id', 'name', 'action', 'description', '_links' ), array_keys( $tools[ $id ] ) );
		}
		$this->assertSame( 'Clear expired carts', $tools['cocart_cleanup_carts']['name'] );
		$this->assertSame( 'Clear expired', $tools['cocart_cleanup_carts']['action'] );
		$this->assertSame( 'Clear all', $tools['cocart_clear_carts']['action'] );
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_cleanup_tool_deletes_every_expired_cart_in_one_request( string $mode ): void {
		$this->mode( $mode );
		$this->mixed_carts();
		$key = $this->make_key( 'read_write' );
		$r   = $this->wc( 'PUT', 'system_status/tools/cocart_cleanup_carts', $key );
		$this->assertSame( 200, $r->status, $r->body );
		$this->assertSame(
			array( 'id', 'name', 'action', 'description', 'success', 'message', '_links' ),
			array_keys( $r->json )
		);
		$this->assertSame( 'cocart_cleanup_carts', $r->json['id'] );
		$this->assertSame( 'Clear expired carts', $r->json['name'] );
		$this->assertSame( 'Clear expired', $r->json['action'] );
		$this->assertTrue( $r->json['success'] );
		$this->assertSame( 'All expired carts have now been cleared from the database.', $r->json['message'] );
		foreach ( array( 'a', 'b', 'e' ) as $kept ) {
			$this->assertNotNull( $this->row( $kept ), "$kept is not expired" );
		}
		foreach ( array( 'c', 'd' ) as $gone ) {
			$this->assertNull( $this->row( $gone ), "$gone was expired" );
		}
	}

	public function test_cleanup_tool_with_a_read_only_key_is_401_and_deletes_nothing(): void {
		$this->mixed_carts();
		$key = $this->make_key( 'read' );
		$this->assertRestError(
			$this->wc( 'PUT', 'system_status/tools/cocart_cleanup_carts', $key ),
			401,
			'woocommerce_rest_authentication_error',
			'The API key provided does not have write permissions.'
		);
		$this->assertNotNull( $this->row( 'c' ) );
	}

	public function test_unknown_tool_is_404(): void {
		$key = $this->make_key();
		$this->assertRestError(
			$this->wc( 'PUT', 'system_status/tools/no_such_tool', $key ),
			404,
			'woocommerce_rest_system_status_tool_invalid_id'
		);
	}

	public function test_clear_all_tool_empties_the_table(): void {
		$this->mixed_carts();
		$key = $this->make_key();
		$this->assertTrue( $this->wc( 'PUT', 'system_status/tools/cocart_clear_carts', $key )->json['success'] );
		global $wpdb;
		$this->assertSame( '0', $wpdb->get_var( 'SELECT COUNT(*) FROM ' . \CoCartDouble\Schema::carts_table() ) );
	}

	/**
	 * @dataProvider readable_modes
	 */
	public function test_single_session_returns_the_callers_billing_details_not_the_cart_owners( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key(
			'read',
			'shop_manager',
			array(
				'billing_first_name'  => 'Admin',
				'billing_last_name'   => 'Caller',
				'billing_email'       => 'caller@example.com',
				'shipping_city'       => 'Callerton',
			)
		);
		$this->put_cart(
			'abc',
			$this->session(
				array(),
				array(
					'first_name'    => 'Jane',
					'last_name'     => 'Doe',
					'email'         => 'jane@example.com',
					'shipping_city' => 'London',
				)
			)
		);
		$r = $this->api( 'GET', 'cocart/v2/session/abc', $key );
		$this->assertSame( 'Admin', $r->json['customer']['billing_address']['billing_first_name'] );
		$this->assertSame( 'caller@example.com', $r->json['customer']['billing_address']['billing_email'] );
		$this->assertSame( 'Callerton', $r->json['customer']['shipping_address']['shipping_city'] );
		$row = $this->customer_rows( $this->api( 'GET', 'cocart/v2/sessions', $key ), $key )[0];
		$this->assertSame( 'Jane Doe', $row['customers_name'], 'the list has the real customer' );
		$this->assertSame( 'jane@example.com', $row['customers_email'] );
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_each_authenticated_request_refreshes_the_key_owners_own_session_row( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key(
			'read',
			'shop_manager',
			array( 'billing_first_name' => 'Shop', 'billing_email' => 'shop@example.com' )
		);
		$this->put_cart( 'abc', $this->session() );
		$first = $this->api( 'GET', 'cocart/v2/sessions', $key );
		$this->assertNotContains(
			(string) $key['user_id'],
			array_column( $first->json, 'cart_key' ),
			'written at the end of the first request'
		);
		$own = $this->row( (string) $key['user_id'] );
		$this->assertNotNull( $own );
		$this->assertSame( 'cocart', $own['cart_source'] );
		$this->assertEqualsWithDelta( time() + 7 * DAY_IN_SECONDS, (int) $own['cart_expiry'], 5 );
		$second = $this->api( 'GET', 'cocart/v2/sessions', $key );
		$rows   = array_column( $second->json, null, 'cart_key' );
		$this->assertArrayHasKey( (string) $key['user_id'], $rows, 'the owner now shows up as a cart of its own' );
		$this->assertSame( 'Shop', $rows[ (string) $key['user_id'] ]['customers_name'] );
		// The expiry is re-stamped on each request; created stays.
		global $wpdb;
		$wpdb->update(
			\CoCartDouble\Schema::carts_table(),
			array( 'cart_expiry' => 5, 'cart_created' => 7 ),
			array( 'cart_key' => (string) $key['user_id'] )
		);
		$this->api( 'GET', 'cocart/v2/sessions', $key );
		$again = $this->row( (string) $key['user_id'] );
		$this->assertGreaterThan( time(), (int) $again['cart_expiry'] );
		$this->assertSame( '7', $again['cart_created'] );
	}

	public function test_anonymous_requests_write_no_session_row(): void {
		$this->put_cart( 'abc', $this->session() );
		$this->request( 'GET', self::HTTP . '/wp-json/cocart/v2/sessions' );
		global $wpdb;
		$this->assertSame( '1', $wpdb->get_var( 'SELECT COUNT(*) FROM ' . \CoCartDouble\Schema::carts_table() ) );
	}
}
