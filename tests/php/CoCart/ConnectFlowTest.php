<?php
/**
 * "Connect to a store" end to end, against the store double over real HTTP and TLS: the plugin (this process) sends
 * the browser to the store's /wc-auth/v1/authorize; a store manager logs in and approves there; the store posts the
 * new key to our callback on this site's HTTPS address (the test server behind the TLS proxy, same database); back
 * on the Settings tab the doctor runs with the new key and it is adopted. Then the key is replaced the same way, and
 * a replacement that fails the doctor leaves the old key in use. The secret is searched for in every response, the
 * debug logs, the admin page and the options table.
 */

declare(strict_types=1);

use CartSessions\Credentials\Settings;

final class ConnectFlowTest extends HttpTestCase {

	use StoreApproval;

	/** @var string[] Every secret the store handed out in this test. */
	private $secrets = array();

	/** @var string[] Every response body and log this test looked at. */
	private $seen = array();

	protected function setUp(): void {
		parent::setUp();
		// This site as the store reaches it: its TLS address (WooCommerce posts keys to HTTPS only).
		$this->add_test_filter(
			'rest_url',
			static function ( string $url ): string {
				return str_replace( self::HTTP, self::HTTPS, $url );
			}
		);
		delete_option( Settings::OPTION );
		delete_option( Settings::STATE_OPTION );
		update_option( Settings::OPTION, array( 'debug_log' => true ), false );
	}

	protected function tearDown(): void {
		delete_option( Settings::OPTION );
		delete_option( Settings::STATE_OPTION );
		delete_option( 'cart_sessions_connect_tokens' );
		delete_option( 'cart_sessions_connect_refusals' );
		delete_option( 'cart_sessions_debug_log' );
		parent::tearDown();
	}

	/**
	 * @param array<string,mixed> $params
	 * @return array<string,mixed>
	 */
	private function call( string $route, array $params = array(), int $status = 200 ): array {
		$response = $this->rest( 'POST', '/cart-sessions/v1/' . $route, $params, true );
		$body     = (string) wp_json_encode( $response->get_data() );
		$this->seen[] = $body;
		$this->assertSame( $status, $response->get_status(), $body );
		return $response->get_data();
	}

	/**
	 * Connect → approve on the store → back on the Settings tab. Returns finish's answer and the key's owner.
	 *
	 * @return array{0:array<string,mixed>,1:int}
	 */
	private function connect_and_approve( ?callable $before_return = null ): array {
		$started = $this->call(
			'connection/connect',
			array(
				'store_url' => self::HTTP,
				'scope'     => 'read_write',
			)
		);
		$grant   = $this->store_grant_screen( $started['authorize_url'], 'shop_manager', $owner );
		$this->assertSame( 200, $grant->status, $grant->body );
		$back    = $this->request( 'GET', $this->store_grant_links( $grant )['approve'], array( 'cookies' => true ) );
		$this->assertSame( 302, $back->status, $back->body );
		$return = (string) $back->header( 'location' );
		$this->assertStringContainsString( 'page=cart-sessions&tab=settings', $return );
		parse_str( (string) wp_parse_url( $return, PHP_URL_QUERY ), $query );
		$this->assertSame( '1', $query['success'] );

		global $wpdb;
		$row             = $wpdb->get_row(
			'SELECT consumer_secret FROM ' . CoCartDouble\Schema::keys_table() . ' ORDER BY key_id DESC LIMIT 1'
		);
		$this->secrets[] = (string) $row->consumer_secret;
		$this->new_browser(); // The next approval is another browser.
		if ( null !== $before_return ) {
			$before_return( $owner );
		}
		wp_cache_flush(); // The callback wrote on the test server.
		return array(
			$this->call(
				'connection/finish',
				array(
					'token'   => $query['user_id'],
					'success' => true,
				)
			),
			$owner,
		);
	}

	private function assertNoSecretAnywhere(): void {
		global $wpdb;
		$this->seen[] = (string) wp_json_encode( $this->rest( 'GET', '/cart-sessions/v1/settings' )->get_data() );
		$this->seen[] = (string) wp_json_encode( $this->rest( 'GET', '/cart-sessions/v1/log' )->get_data() );
		$this->seen[] = (string) wp_json_encode( $this->call( 'connection/test' ) );
		$nonce        = $this->log_in_browser();
		$settings_tab = self::HTTP . '/wp-admin/tools.php?page=cart-sessions&tab=settings';
		$page         = $this->request( 'GET', $settings_tab, array( 'cookies' => true ) );
		$this->assertSame( 200, $page->status );
		$this->assertStringContainsString( 'cart-sessions-root', $page->body );
		$this->seen[] = $page->body;
		$this->seen[] = $this->request( 'GET', self::HTTP . '/wp-json/cart-sessions/v1/settings', array(
			'cookies' => true,
			'headers' => array( 'X-WP-Nonce: ' . $nonce ),
		) )->body;
		$state        = getenv( 'LOCAL_WP_DIR' ) ?: dirname( __DIR__, 3 ) . '/.local-wp';
		$log          = $state . '/run/main-test-debug.log';
		$this->seen[] = is_file( $log ) ? (string) file_get_contents( $log ) : '';
		$this->seen[] = implode( "\n", $wpdb->get_col( "SELECT option_value FROM {$wpdb->options}" ) );
		$this->assertNotEmpty( $this->secrets );
		foreach ( $this->secrets as $secret ) {
			foreach ( $this->seen as $i => $text ) {
				$this->assertStringNotContainsString( $secret, $text, "the secret in what was seen (#$i)" );
			}
		}
	}

	public function test_connect_approve_and_come_back_connected_with_a_read_write_key_that_is_never_shown(): void {
		$this->log_in_as( 'administrator' );
		list( $finished ) = $this->connect_and_approve();

		$this->assertSame( 'connected', $finished['status'], (string) wp_json_encode( $finished ) );
		$this->assertTrue( $finished['report']['ok'] );
		$checks = array_column( $finished['report']['checks'], 'status', 'id' );
		$this->assertSame( 'pass', $checks['key'] );
		$this->assertSame( 'pass', $checks['key_permission'] );
		$this->assertNull( $finished['revoke'], 'there was no key before' );

		$settings = $finished['settings'];
		$this->assertSame( self::HTTP, $settings['store_url'] );
		$this->assertTrue( $settings['secret_saved'] );
		$this->assertSame( 'connect', $settings['key_meta']['via'] );
		$this->assertSame( 'read_write', $settings['key_meta']['permission'] );
		$this->assertStringStartsWith( 'Cart Sessions for CoCart - API (', $settings['key_meta']['description'] );
		$this->assertSame( 'read_write', $settings['last_report']['permission'] );
		$this->assertTrue( $settings['last_report']['ok'] );

		// The saved pair works for the Sessions tab.
		$this->put_cart( 'abc', $this->session() );
		$list = $this->rest( 'GET', '/cart-sessions/v1/sessions' );
		$this->assertSame( 200, $list->get_status(), (string) wp_json_encode( $list->get_data() ) );
		$this->assertNoSecretAnywhere();
	}

	public function test_replace_this_key_switches_only_after_the_doctor_passes_and_names_the_old_one(): void {
		$this->log_in_as( 'administrator' );
		list( $first ) = $this->connect_and_approve();
		$old           = $first['settings'];
		$old_key_id    = $old['key_meta']['key_id'];

		list( $second ) = $this->connect_and_approve();
		$this->assertSame( 'connected', $second['status'] );
		$this->assertNotSame( $old['consumer_key_hint'], $second['settings']['consumer_key_hint'] );
		$this->assertSame( $old['key_meta']['truncated_key'], $second['revoke']['truncated_key'] );
		$this->assertSame( $old['consumer_key_hint'], $second['revoke']['hint'] );
		$this->assertSame(
			self::HTTP . '/wp-admin/admin.php?page=wc-settings&tab=advanced&section=keys&edit-key=' . $old_key_id,
			$second['revoke']['keys_url']
		);
		$this->assertNotEmpty( $this->key_row( (int) $old_key_id ), 'the old key is the manager’s to revoke' );

		// A new key whose owner can no longer manage WooCommerce fails the doctor: the key in use stays.
		list( $third ) = $this->connect_and_approve(
			static function ( int $owner ): void {
				( new WP_User( $owner ) )->set_role( 'subscriber' );
			}
		);
		$this->assertSame( 'failed', $third['status'] );
		$this->assertFalse( $third['report']['ok'] );
		$failed = array_column( $third['report']['checks'], 'status', 'id' );
		$this->assertSame( 'fail', $failed['key_owner'] );
		$this->assertStringContainsString( 'connection is as it was', $third['message'] );
		$this->assertSame( $second['settings']['consumer_key_hint'], $third['settings']['consumer_key_hint'] );
		$this->assertStringContainsString( '&edit-key=', $third['revoke']['keys_url'], 'where to revoke the new key' );
		$this->assertSame( 200, $this->rest( 'GET', '/cart-sessions/v1/sessions' )->get_status(), 'still connected' );
		$this->assertNoSecretAnywhere();
	}
}
