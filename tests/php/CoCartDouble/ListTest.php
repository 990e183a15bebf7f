<?php
/**
 * GET /cocart/v2/sessions: the response shape, row by row (docs/cocart-api.md#the-list).
 */

declare(strict_types=1);

require_once __DIR__ . '/DoubleTestCase.php';

final class ListTest extends DoubleTestCase {

	/**
	 * @dataProvider source_modes
	 */
	public function test_list_is_a_json_array_with_exactly_the_documented_fields( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart(
			'abc',
			$this->session(
				array( array( 16, 2 ) ),
				array( 'first_name' => 'Jane', 'last_name' => 'Doe', 'email' => 'jane@example.com' )
			)
		);
		$r = $this->api( 'GET', 'cocart/v2/sessions', $key );
		$this->assertSame( 200, $r->status );
		$this->assertStringStartsWith( 'application/json', (string) $r->header( 'Content-Type' ) );
		$this->assertStringStartsWith( '[', $r->body );
		$rows = $this->customer_rows( $r, $key );
		$this->assertCount( 1, $rows );
		$this->assertSame(
			array(
				'cart_id',
				'cart_key',
				'customers_name',
				'customers_email',
				'cart_created',
				'cart_expiry',
				'cart_source',
				'link',
			),
			array_keys( $rows[0] )
		);
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_cart_id_is_a_string( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$id  = $this->put_cart( 'abc', $this->session() );
		$row = $this->customer_rows( $this->api( 'GET', 'cocart/v2/sessions', $key ), $key )[0];
		$this->assertSame( (string) $id, $row['cart_id'] );
		$this->assertSame( 'abc', $row['cart_key'] );
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_customers_name_joins_billing_first_and_last_name( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 'both', $this->session( array(), array( 'first_name' => 'Jane', 'last_name' => 'Doe' ) ) );
		$this->put_cart( 'first', $this->session( array(), array( 'first_name' => 'Jane' ) ) );
		$this->put_cart( 'last', $this->session( array(), array( 'last_name' => 'Doe' ) ) );
		$this->put_cart( 'none', $this->session( array(), array() ) );
		$this->put_cart( 'nocustomer', $this->session( array(), null ) );
		$this->put_cart( 'utf', $this->session( array(), array( 'first_name' => '山田', 'last_name' => '<b>太郎</b>' ) ) );
		$names = array_column(
			$this->customer_rows( $this->api( 'GET', 'cocart/v2/sessions', $key ), $key ),
			'customers_name',
			'cart_key'
		);
		$this->assertSame( 'Jane Doe', $names['both'] );
		$this->assertSame( 'Jane', $names['first'] );
		$this->assertSame( ' Doe', $names['last'], 'a leading space when only the last name is known' );
		$this->assertSame( '', $names['none'] );
		$this->assertSame( '', $names['nocustomer'] );
		$this->assertSame( '山田 <b>太郎</b>', $names['utf'], 'verbatim: no escaping, no stripping' );
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_customers_email_is_the_billing_email_or_empty( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 'with', $this->session( array(), array( 'email' => 'jane@example.com' ) ) );
		$this->put_cart( 'without', $this->session( array(), array( 'first_name' => 'X' ) ) );
		$emails = array_column(
			$this->customer_rows( $this->api( 'GET', 'cocart/v2/sessions', $key ), $key ),
			'customers_email',
			'cart_key'
		);
		$this->assertSame( array( 'with' => 'jane@example.com', 'without' => '' ), $emails );
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_dates_are_utc_in_us_format( string $mode ): void {
		$this->mode( $mode );
		update_option( 'timezone_string', 'Asia/Tokyo' ); // Must not matter.
		$key = $this->make_key();
		// 2025-03-14 09:26:53 UTC, 2025-03-16 09:31:10 UTC.
		$this->put_cart( 'abc', $this->session(), 1741944413, 1742117470 );
		$this->put_cart( 'old', $this->session(), 0, 1742117470 );
		$rows = array_column(
			$this->customer_rows( $this->api( 'GET', 'cocart/v2/sessions', $key ), $key ),
			null,
			'cart_key'
		);
		update_option( 'timezone_string', '' );
		$this->assertSame( '03/14/2025 09:26:53', $rows['abc']['cart_created'] );
		$this->assertSame( '03/16/2025 09:31:10', $rows['abc']['cart_expiry'] );
		$this->assertSame( '01/01/1970 00:00:00', $rows['old']['cart_created'], 'migrated rows have cart_created = 0' );
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_cart_source_is_the_column_verbatim( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 'a', $this->session(), 1, null, 'cocart' );
		$this->put_cart( 'b', $this->session(), 1, null, 'woocommerce' );
		$this->put_cart( 'c', $this->session(), 1, null, '' );
		$this->put_cart( 'd', $this->session(), 1, null, 'my-custom-app' );
		$sources = array_column(
			$this->customer_rows( $this->api( 'GET', 'cocart/v2/sessions', $key ), $key ),
			'cart_source',
			'cart_key'
		);
		$this->assertSame(
			array( 'a' => 'cocart', 'b' => 'woocommerce', 'c' => '', 'd' => 'my-custom-app' ),
			$sources
		);
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_link_is_the_absolute_singular_session_url_with_escaped_slashes( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 't_0a1b', $this->session() );
		$r   = $this->api( 'GET', 'cocart/v2/sessions', $key );
		$row = $this->customer_rows( $r, $key )[0];
		$this->assertSame( self::HTTP . '/wp-json/cocart/v2/session/t_0a1b', $row['link'] );
		$this->assertStringContainsString(
			'"link":' . wp_json_encode( CART_SESSIONS_TEST_URL . '/wp-json/cocart/v2/session/t_0a1b' ),
			$r->body
		);
		// Through HTTPS the site's URL is the https one.
		$r = $this->request(
			'GET',
			self::HTTPS . '/wp-json/cocart/v2/sessions',
			array( 'auth' => array( 'query', $key['consumer_key'], $key['consumer_secret'] ) )
		);
		$this->assertSame(
			self::HTTPS . '/wp-json/cocart/v2/session/t_0a1b',
			$this->customer_rows( $r, $key )[0]['link']
		);
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_every_row_in_natural_order_including_expired_and_storefront_carts( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 'zz_expired', $this->session(), 1, time() - 30 * DAY_IN_SECONDS, 'cocart' );
		$this->put_cart( 'aa_web', $this->session(), 1, time() + DAY_IN_SECONDS, 'woocommerce' );
		$this->put_cart( 'mm_legacy', $this->session(), 0, time() - DAY_IN_SECONDS, '' );
		$this->put_cart( '42', $this->session(), 1, time() + DAY_IN_SECONDS, 'woocommerce' );
		$rows = $this->customer_rows( $this->api( 'GET', 'cocart/v2/sessions', $key ), $key );
		$this->assertSame(
			array( 'zz_expired', 'aa_web', 'mm_legacy', '42' ),
			array_column( $rows, 'cart_key' ),
			'cart_id order, not sorted by key or expiry'
		);
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_no_cart_hash_customer_id_items_or_totals_in_the_list( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session( array( array( 17, 1 ) ) ) );
		$row = $this->customer_rows( $this->api( 'GET', 'cocart/v2/sessions', $key ), $key )[0];
		foreach ( array( 'cart_hash', 'customer_id', 'items', 'item_count', 'totals', 'cart_value' ) as $absent ) {
			$this->assertArrayNotHasKey( $absent, $row );
		}
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_empty_table_is_404_no_carts_in_session( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->assertRestError(
			$this->api( 'GET', 'cocart/v2/sessions', $key ),
			404,
			'cocart_no_carts_in_session',
			'No carts in session!'
		);
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_list_has_a_cocart_timestamp_header( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session() );
		$before = time();
		$r      = $this->api( 'GET', 'cocart/v2/sessions', $key );
		$this->assertMatchesRegularExpression( '/^\d+$/', (string) $r->header( 'CoCart-Timestamp' ) );
		$this->assertGreaterThanOrEqual( $before, (int) $r->header( 'CoCart-Timestamp' ) );
		$this->assertLessThanOrEqual( time(), (int) $r->header( 'CoCart-Timestamp' ) );
	}
}
