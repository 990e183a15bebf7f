<?php
/**
 * Restore links (CoCart's ?cocart-load-cart=<key>): what GET sessions, GET sessions/<key> and the CSV export give
 * each cart, the Settings template with {cart_key}, the refusal of registered customers' keys, the audit of copied
 * and emailed links — and that a link the list gives really puts the cart back in a fresh browser on the double's
 * storefront.
 */

declare(strict_types=1);

require_once __DIR__ . '/SessionsTestCase.php';

use CartSessions\Insights\CsvExport;
use CartSessions\Sessions\RestoreLink;
use CartSessions\Storage\Schema as PluginSchema;

final class RestoreLinkTest extends SessionsTestCase {

	protected function tearDown(): void {
		global $wpdb;
		delete_option( RestoreLink::OPTION );
		$wpdb->query( 'DELETE FROM ' . PluginSchema::table( 'audit' ) ); // phpcs:ignore WordPress.DB.PreparedSQL
		parent::tearDown();
	}

	/**
	 * The list's rows by key.
	 *
	 * @return array<string,array<string,mixed>>
	 */
	private function rows(): array {
		$out = array();
		foreach ( $this->all_rows( array() ) as $row ) {
			$out[ $row['key'] ] = $row;
		}
		return $out;
	}

	private function guest_cart( string $key, ?int $expiry = null ): void {
		$this->put_cart(
			$key,
			$this->session( array( array( 16, 2 ) ), array( 'email' => 'zoe@example.com' ) ),
			time() - DAY_IN_SECONDS,
			$expiry
		);
	}

	public function test_a_guest_cart_on_this_site_links_to_the_cart_page_with_cocarts_parameter_and_notify(): void {
		$this->connect(); // The test server: this site, where WooCommerce (the double) names its cart page.
		$this->guest_cart( 't_guest' );

		$row = $this->rows()['t_guest'];

		$this->assertSame( wc_get_cart_url() . '?cocart-load-cart=t_guest&notify=true', $row['restore_link'] );
		$this->assertNull( $row['restore_note'] );
	}

	public function test_an_expired_cart_still_in_the_table_gets_a_link_too(): void {
		$this->connect();
		$this->guest_cart( 't_expired', time() - 3 * DAY_IN_SECONDS );

		$row = $this->rows()['t_expired'];

		$this->assertSame( 'expired', $row['status'] );
		$this->assertStringContainsString( 'cocart-load-cart=t_expired', (string) $row['restore_link'] );
	}

	public function test_a_registered_customers_cart_gets_no_link_but_says_they_can_log_in(): void {
		$this->connect();
		$customer = (string) $this->make_user( 'customer' );
		$this->put_cart( $customer, $this->session( array( array( 17, 1 ) ) ) );

		$row = $this->rows()[ $customer ];

		$this->assertNull( $row['restore_link'] );
		$this->assertStringContainsString( 'can log in to see their cart', (string) $row['restore_note'] );
	}

	public function test_a_store_elsewhere_links_to_its_home_and_a_key_of_digits_is_a_customers(): void {
		$this->connect( 'read_write', self::HTTPS ); // Another origin: a store elsewhere.
		$this->guest_cart( 't_far' );
		$this->put_cart( '99999999', $this->session( array( array( 17, 1 ) ) ) );

		$rows = $this->rows();

		$this->assertSame( self::HTTPS . '/?cocart-load-cart=t_far&notify=true', $rows['t_far']['restore_link'] );
		$this->assertNull( $rows['99999999']['restore_link'], 'digits: a customer account’s key' );
		$this->assertNotNull( $rows['99999999']['restore_note'] );
	}

	public function test_on_this_site_the_parameter_follows_cocarts_query_name_filter(): void {
		$this->connect();
		$this->guest_cart( 't_named' );
		$this->add_test_filter(
			'cocart_load_cart_query_name',
			static function (): string {
				return 'restore-cart';
			}
		);

		$link = (string) $this->rows()['t_named']['restore_link'];

		$this->assertStringContainsString( '?restore-cart=t_named&notify=true', $link );
	}

	public function test_a_saved_template_puts_the_key_where_cart_key_is(): void {
		$this->connect();
		$this->guest_cart( 't_app' );
		$template = 'https://app.example.com/basket/{cart_key}?from=email';
		$this->ok( 'POST', 'settings', array( 'restore_link' => $template ) );

		$this->assertSame( 'https://app.example.com/basket/t_app?from=email', $this->rows()['t_app']['restore_link'] );
		$settings = $this->ok( 'GET', 'settings' );
		$this->assertSame( $template, $settings['restore_link'] );
		$default = wc_get_cart_url() . '?cocart-load-cart={cart_key}&notify=true';
		$this->assertSame( $default, $settings['restore_link_default'] );

		$this->ok( 'POST', 'settings', array( 'restore_link' => '' ) );
		$link = (string) $this->rows()['t_app']['restore_link'];
		$this->assertStringStartsWith( wc_get_cart_url(), $link, 'back to the default' );
	}

	/**
	 * @return array<string,array{0:string}>
	 */
	public function unusable_templates(): array {
		return array(
			'no placeholder'       => array( 'https://app.example.com/basket' ),
			'javascript: scheme'   => array( 'javascript:alert(1)//{cart_key}' ),
			'no scheme'            => array( 'app.example.com/?k={cart_key}' ),
			'a quote in it'        => array( 'https://app.example.com/?k={cart_key}"onmouseover="x' ),
			'spaces'               => array( 'https://app.example.com/?k={cart_key} x' ),
			'longer than allowed'  => array( 'https://app.example.com/?k={cart_key}&p=' . str_repeat( 'a', 2000 ) ),
		);
	}

	/**
	 * @dataProvider unusable_templates
	 */
	public function test_an_unusable_template_is_refused_by_name_and_nothing_of_the_save_is_kept( string $bad ): void {
		$this->connect();
		$before = $this->ok( 'GET', 'settings' );

		$response = $this->call( 'POST', 'settings', array( 'restore_link' => $bad, 'timeout' => 33 ) );

		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'rest_invalid_param', $response->get_data()['code'] );
		$this->assertArrayHasKey( 'restore_link', $response->get_data()['data']['params'] );
		$after = $this->ok( 'GET', 'settings' );
		$this->assertSame( $before['timeout'], $after['timeout'], 'the timeout sent with it was not saved either' );
		$this->assertSame( '', $after['restore_link'] );
	}

	public function test_the_detail_panel_gets_the_link_too(): void {
		$this->connect();
		$this->guest_cart( 't_detail' );

		$detail = $this->ok( 'GET', 'sessions/t_detail' );

		$this->assertStringContainsString( 'cocart-load-cart=t_detail', (string) $detail['restore_link'] );
	}

	public function test_the_csv_export_has_a_restore_link_column(): void {
		$this->connect();
		$this->guest_cart( 't_csv' );
		$customer = (string) $this->make_user( 'customer' );
		$this->put_cart( $customer, $this->session( array( array( 17, 1 ) ) ) );

		$csv = $this->call( 'GET', 'export', array( 'orderby' => 'key', 'order' => 'asc' ) )->get_data();
		$this->assertInstanceOf( CsvExport::class, $csv );
		$out = fopen( 'php://memory', 'w+b' );
		$csv->send( $out );
		rewind( $out );
		fgets( $out, 4 ); // The byte order mark.
		$lines = array();
		while ( false !== ( $line = fgetcsv( $out, 0, ',', '"', '' ) ) ) {
			$lines[] = $line;
		}
		fclose( $out );

		$column = array_search( 'Restore link', $lines[0], true );
		$this->assertIsInt( $column );
		$by_key = array_column( array_slice( $lines, 1 ), $column, 0 );
		$this->assertSame( wc_get_cart_url() . '?cocart-load-cart=t_csv&notify=true', $by_key['t_csv'] );
		$this->assertSame( '', $by_key[ $customer ], 'no link for a registered customer' );
	}

	public function test_copying_or_emailing_a_link_is_audited_with_who_and_when(): void {
		$this->connect();
		$manager = get_current_user_id();

		$copied  = $this->call( 'POST', 'recovery', array( 'key' => 't_one', 'action' => 'copied' ) );
		$emailed = $this->call( 'POST', 'recovery', array( 'key' => 't_one', 'action' => 'emailed' ) );

		$this->assertSame( 201, $copied->get_status() );
		$this->assertSame( 201, $emailed->get_status() );
		$audit = $this->ok( 'GET', 'audit' )['items'];
		$this->assertSame( array( 'link_emailed', 'link_copied' ), array_column( $audit, 'result' ) );
		$this->assertSame( array( 'recovery', 'recovery' ), array_column( $audit, 'context' ) );
		$this->assertSame( $manager, $audit[0]['user']['id'] );
		$this->assertEqualsWithDelta( time(), strtotime( $audit[0]['created_at'] ), 60 );
	}

	public function test_the_audit_route_refuses_bad_input_and_other_users(): void {
		$this->connect();
		$record = function ( string $key, string $action ): int {
			return $this->call( 'POST', 'recovery', array( 'key' => $key, 'action' => $action ) )->get_status();
		};
		$this->assertSame( 400, $record( 't_one', 'sent' ) );
		$this->assertSame( 400, $record( '../x', 'copied' ) );
		wp_set_current_user( $this->make_user( 'subscriber' ) );
		$this->assertSame( 403, $record( 't_one', 'copied' ) );
		global $wpdb;
		$count = 'SELECT COUNT(*) FROM ' . PluginSchema::table( 'audit' );
		$this->assertSame( '0', $wpdb->get_var( $count ) ); // phpcs:ignore WordPress.DB.PreparedSQL
	}

	public function test_the_listed_link_in_a_fresh_browser_puts_the_expired_cart_back_on_the_cart_page(): void {
		$this->connect();
		$this->guest_cart( 't_back', time() - 2 * DAY_IN_SECONDS );
		$link = (string) $this->rows()['t_back']['restore_link'];

		$page = $this->request( 'GET', $link, array( 'cookies' => true ) );

		$this->assertSame( 200, $page->status );
		$this->assertStringContainsString( 'Your 🛒 cart has been transferred over.', $page->body );
		$this->assertMatchesRegularExpression(
			'#<td class="product-name">Beanie</td>\s*<td class="product-quantity">2</td>#',
			$page->body
		);
		$this->assertGreaterThan( time(), (int) $this->row( 't_back' )['cart_expiry'], 'active again' );
	}

	public function test_a_deleted_carts_link_shows_cocarts_expired_notice(): void {
		$this->connect();
		$this->guest_cart( 't_gone' );
		$link = (string) $this->rows()['t_gone']['restore_link'];
		$this->ok( 'DELETE', 'sessions/t_gone' );

		$page = $this->request( 'GET', $link, array( 'cookies' => true ) );

		$this->assertStringContainsString( 'Sorry but this cart has expired!', $page->body );
	}
}
