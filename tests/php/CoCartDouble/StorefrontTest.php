<?php
/**
 * The double's storefront: CoCart's "load cart from session" link (?cocart-load-cart=<key>, handled by CoCart
 * 4.3.6's load_cart_action() on woocommerce_load_cart_from_session) and a cart page that shows the visitor's
 * session, over real HTTP with a browser's cookies, as a shopper opening a restore link does.
 */

declare(strict_types=1);

require_once __DIR__ . '/DoubleTestCase.php';

final class StorefrontTest extends DoubleTestCase {

	private function cart_page( array $query = array() ): HttpResult {
		$page = $this->request( 'GET', self::HTTP . '/cart/', array( 'query' => $query, 'cookies' => true ) );
		$this->assertSame( 200, $page->status, $page->body );
		return $page;
	}

	/**
	 * The product names listed on a cart page, with their quantities.
	 *
	 * @return array<string,string>
	 */
	private static function lines( HttpResult $page ): array {
		preg_match_all(
			'#<tr class="cart_item"[^>]*>\s*<td class="product-name">(.*?)</td>\s*'
				. '<td class="product-quantity">(.*?)</td>#s',
			$page->body,
			$m,
			PREG_SET_ORDER
		);
		$lines = array();
		foreach ( $m as $match ) {
			$lines[ html_entity_decode( $match[1] ) ] = $match[2];
		}
		return $lines;
	}

	public function test_a_guest_cart_link_puts_that_cart_into_a_fresh_visitors_session(): void {
		$this->put_cart(
			't_guest1',
			$this->session( array( array( 16, 2 ), array( 17, 1 ) ), array( 'email' => 'a@example.com' ) )
		);

		$page = $this->cart_page( array( 'cocart-load-cart' => 't_guest1' ) );

		$this->assertSame( array( 'Beanie' => '2', 'Belt' => '1' ), self::lines( $page ) );
		$this->assertStringContainsString( 'no-cache', $page->headers['cache-control'] ?? '', 'never cached' );
		// The visitor now carries the cart's key in WooCommerce's session cookie: the next page shows the cart too.
		$this->assertStringContainsString( 't_guest1', (string) file_get_contents( $this->cookie_jar() ) );
		$this->assertSame( array( 'Beanie' => '2', 'Belt' => '1' ), self::lines( $this->cart_page() ) );
	}

	public function test_an_expired_guest_cart_still_in_the_table_loads_and_gets_a_fresh_48_hour_expiry(): void {
		$this->put_cart(
			't_old',
			$this->session( array( array( 18, 3 ) ) ),
			time() - 9 * DAY_IN_SECONDS,
			time() - 3 * DAY_IN_SECONDS
		);

		$page = $this->cart_page( array( 'cocart-load-cart' => 't_old' ) );

		$this->assertSame( array( 'Cap' => '3' ), self::lines( $page ) );
		$expiry = (int) $this->row( 't_old' )['cart_expiry'];
		$this->assertEqualsWithDelta( time() + 48 * HOUR_IN_SECONDS, $expiry, 60, 'saved with a new 48 h expiry' );
	}

	public function test_notify_says_the_cart_was_transferred(): void {
		$this->put_cart( 't_notify', $this->session( array( array( 16, 1 ) ) ) );

		$page = $this->cart_page( array( 'cocart-load-cart' => 't_notify', 'notify' => 'true' ) );

		$this->assertStringContainsString( 'Your 🛒 cart has been transferred over.', $page->body );
		$this->assertStringNotContainsString( 'cart has been transferred', $this->cart_page()->body, 'shown once' );
	}

	public function test_an_unknown_key_with_notify_shows_cocarts_expired_notice_and_loads_nothing(): void {
		$page = $this->cart_page( array( 'cocart-load-cart' => 't_deleted', 'notify' => 'true' ) );

		$this->assertStringContainsString( 'Sorry but this cart has expired!', $page->body );
		$this->assertSame( array(), self::lines( $page ) );
		$this->assertNull( $this->row( 't_deleted' ), 'no cart row made for the unknown key' );
	}

	public function test_an_unknown_key_without_notify_says_nothing(): void {
		$page = $this->cart_page( array( 'cocart-load-cart' => 't_deleted' ) );

		$this->assertStringNotContainsString( 'Sorry but this cart has expired!', $page->body );
		$this->assertSame( array(), self::lines( $page ) );
	}

	public function test_a_registered_customers_key_loads_nothing(): void {
		$user = $this->make_user( 'customer' );
		$this->put_cart( (string) $user, $this->session( array( array( 16, 4 ) ) ) );

		$page = $this->cart_page( array( 'cocart-load-cart' => (string) $user, 'notify' => 'true' ) );

		$this->assertSame( array(), self::lines( $page ) );
		$this->assertStringNotContainsString( 'transferred over', $page->body );
		// WP_DEBUG is on here: CoCart then tells the developer to look in its log.
		$this->assertStringContainsString( 'Technical error made! See error log for reason.', $page->body );
	}

	public function test_a_numeric_key_that_is_no_users_id_is_a_guest_cart_and_loads(): void {
		$this->put_cart( '987654', $this->session( array( array( 17, 2 ) ) ) );

		$page = $this->cart_page( array( 'cocart-load-cart' => '987654' ) );

		$this->assertSame( array( 'Belt' => '2' ), self::lines( $page ) );
	}

	public function test_keep_cart_merges_the_loaded_cart_with_the_visitors_own(): void {
		$this->put_cart( 't_first', $this->session( array( array( 16, 1 ) ) ) );
		$this->put_cart( 't_second', $this->session( array( array( 17, 1 ) ) ) );
		$this->cart_page( array( 'cocart-load-cart' => 't_first' ) );

		$merged = $this->cart_page( array( 'cocart-load-cart' => 't_second', 'keep-cart' => 'true' ) );

		// CoCart: array_merge( the loaded cart, the visitor's ), so the loaded cart's lines come first.
		$this->assertSame( array( 'Belt' => '1', 'Beanie' => '1' ), self::lines( $merged ) );
	}

	public function test_without_keep_cart_the_loaded_cart_replaces_the_visitors_own(): void {
		$this->put_cart( 't_first', $this->session( array( array( 16, 1 ) ) ) );
		$this->put_cart( 't_second', $this->session( array( array( 17, 1 ) ) ) );
		$this->cart_page( array( 'cocart-load-cart' => 't_first' ) );

		$replaced = $this->cart_page( array( 'cocart-load-cart' => 't_second' ) );

		$this->assertSame( array( 'Belt' => '1' ), self::lines( $replaced ) );
	}

	public function test_the_query_name_follows_cocarts_filter(): void {
		$this->put_cart( 't_named', $this->session( array( array( 16, 1 ) ) ) );
		\CoCartDouble\Control::set_load_cart_query_name( 'restore' ); // As a site filtering it would.

		try {
			$ignored = $this->cart_page( array( 'cocart-load-cart' => 't_named' ) );
			$this->assertSame( array(), self::lines( $ignored ), 'the default name no longer loads' );
			$named = $this->cart_page( array( 'restore' => 't_named' ) );
			$this->assertSame( array( 'Beanie' => '1' ), self::lines( $named ) );
		} finally {
			\CoCartDouble\Control::set_load_cart_query_name( '' );
		}
	}

	public function test_the_store_front_page_loads_the_cart_too(): void {
		$this->put_cart( 't_home', $this->session( array( array( 16, 1 ) ) ) );

		$home = $this->request(
			'GET',
			self::HTTP . '/',
			array(
				'query'   => array( 'cocart-load-cart' => 't_home' ),
				'cookies' => true,
			)
		);

		$this->assertSame( 200, $home->status );
		$this->assertSame( array( 'Beanie' => '1' ), self::lines( $this->cart_page() ) );
	}

	public function test_wc_get_cart_url_names_the_cart_page(): void {
		$this->assertSame( home_url( '/cart/' ), wc_get_cart_url() );
	}
}
