<?php
/**
 * The admin screen: where it is registered, who may open it, and what it loads.
 */

declare(strict_types=1);

use CartSessions\Admin\Page;

final class AdminPageTest extends WpTestCase {

	protected function setUp(): void {
		parent::setUp();
		$this->fresh_admin_menu_and_scripts();
	}

	/**
	 * The submenu entry for our page under $parent, or null.
	 *
	 * @return array<int,string>|null
	 */
	private function menu_entry( string $parent ): ?array {
		foreach ( $GLOBALS['submenu'][ $parent ] ?? array() as $entry ) {
			if ( Page::SLUG === $entry[2] ) {
				return $entry;
			}
		}
		return null;
	}

	public function test_administrator_gets_the_page_under_tools_without_woocommerce(): void {
		$this->log_in_as( 'administrator' );
		do_action( 'admin_menu' );

		$entry = $this->menu_entry( 'tools.php' );
		$this->assertNotNull( $entry, 'Tools → Cart Sessions is registered' );
		$this->assertSame( 'Cart Sessions', $entry[0] );
		$this->assertSame( 'manage_cart_sessions', $entry[1] );
		$this->assertSame( admin_url( 'tools.php?page=cart-sessions' ), menu_page_url( Page::SLUG, false ) );
		$this->assertSame( admin_url( 'tools.php?page=cart-sessions' ), Page::url() );
		$this->assertNull( $this->menu_entry( 'woocommerce' ) );
	}

	public function test_page_moves_under_woocommerce_when_it_is_active(): void {
		$this->add_test_filter( 'cart_sessions_is_woocommerce_active', '__return_true' );
		$this->log_in_as( 'subscriber', array( 'manage_woocommerce' ) );
		do_action( 'admin_menu' );

		$this->assertNotNull( $this->menu_entry( 'woocommerce' ), 'WooCommerce → Cart Sessions is registered' );
		$this->assertNull( $this->menu_entry( 'tools.php' ) );
		$this->assertSame( admin_url( 'admin.php?page=cart-sessions' ), Page::url() );
	}

	public function test_subscriber_gets_no_menu_entry_and_is_refused_the_page(): void {
		$this->log_in_as( 'subscriber' );
		do_action( 'admin_menu' );

		$this->assertNull( $this->menu_entry( 'tools.php' ) );
		$this->assertFalse( current_user_can( 'manage_cart_sessions' ) );

		$this->add_test_filter(
			'wp_die_handler',
			static function () {
				return static function ( $message, $title, $args ) {
					throw new RuntimeException( (string) $message, (int) $args['response'] );
				};
			}
		);
		try {
			( new Page() )->render();
			$this->fail( 'render() must refuse a subscriber' );
		} catch ( RuntimeException $refused ) {
			$this->assertSame( 403, $refused->getCode() );
			$this->assertStringContainsString( 'not allowed to manage cart sessions', $refused->getMessage() );
		}
	}

	public function test_page_renders_the_app_root_for_an_administrator(): void {
		$this->log_in_as( 'administrator' );
		ob_start();
		( new Page() )->render();
		$html = (string) ob_get_clean();

		$this->assertStringContainsString( '<h1>Cart Sessions</h1>', $html );
		$this->assertStringContainsString( '<div id="cart-sessions-root"></div>', $html );
	}

	public function test_app_is_loaded_on_its_own_screen_only_with_the_built_dependencies(): void {
		$this->log_in_as( 'administrator' );
		do_action( 'admin_menu' );

		set_current_screen( 'dashboard' );
		do_action( 'admin_enqueue_scripts', 'index.php' );
		$this->assertFalse( wp_script_is( Page::SCRIPT_HANDLE, 'enqueued' ), 'not loaded on the dashboard' );

		// The screen id WordPress derives for our page (tools_page_cart-sessions in a full admin menu).
		$our_screen = get_plugin_page_hookname( Page::SLUG, Page::parent_slug() );
		set_current_screen( $our_screen );
		do_action( 'admin_enqueue_scripts', $our_screen );
		$this->assertTrue( wp_script_is( Page::SCRIPT_HANDLE, 'enqueued' ) );

		$asset  = require CART_SESSIONS_DIR . '/build/index.asset.php';
		$script = wp_scripts()->registered[ Page::SCRIPT_HANDLE ];
		$this->assertSame( $asset['dependencies'], $script->deps );
		$this->assertSame( $asset['version'], $script->ver );
		$this->assertNotContains( 'react-jsx-runtime', $script->deps, 'WordPress 6.5 has no react-jsx-runtime handle' );
		foreach ( $script->deps as $handle ) {
			$this->assertArrayHasKey(
				$handle,
				wp_scripts()->registered,
				"dependency $handle exists in this WordPress"
			);
		}

		$config = implode( "\n", wp_scripts()->get_data( Page::SCRIPT_HANDLE, 'before' ) );
		$this->assertStringContainsString( 'window.cartSessionsConfig = ', $config );
		$this->assertStringContainsString(
			'"restRoot":"' . addcslashes( esc_url_raw( rest_url() ), '/' ) . '"',
			$config
		);
		$this->assertTrue( wp_style_is( 'wp-components', 'enqueued' ) );
	}

	public function test_inline_json_in_the_page_cannot_close_the_script_or_open_a_comment(): void {
		$this->log_in_as( 'administrator' );
		do_action( 'admin_menu' );
		$this->add_test_filter(
			'admin_url',
			static function ( $url ) {
				return $url . '&x=</script><!--<script>&amp;';
			}
		);
		$our_screen = get_plugin_page_hookname( Page::SLUG, Page::parent_slug() );
		set_current_screen( $our_screen );
		do_action( 'admin_enqueue_scripts', $our_screen );
		$config = implode( "\n", wp_scripts()->get_data( Page::SCRIPT_HANDLE, 'before' ) );
		$this->assertStringContainsString( 'window.cartSessionsConfig = ', $config );
		$this->assertStringContainsString( '\u003C\/script\u003E\u003C!--\u003Cscript\u003E\u0026amp;', $config );
		foreach ( array( '<!--', '<script', '</script', '&' ) as $raw ) {
			$this->assertStringNotContainsString( $raw, $config, $raw );
		}
	}

	/**
	 * What admin_head prints on our page opened on a tab, for an administrator.
	 */
	private function head_of_tab( string $tab ): string {
		$this->log_in_as( 'administrator' );
		do_action( 'admin_menu' );
		$our_screen = get_plugin_page_hookname( Page::SLUG, Page::parent_slug() );
		set_current_screen( $our_screen );
		$_GET['tab'] = $tab;
		try {
			do_action( 'admin_enqueue_scripts', $our_screen );
		} finally {
			unset( $_GET['tab'] );
		}
		ob_start();
		do_action( 'admin_head' );
		return (string) ob_get_clean();
	}

	public function test_the_sessions_tab_preloads_its_scripts_from_the_head_at_the_urls_they_load_from(): void {
		$head = $this->head_of_tab( 'sessions' );
		preg_match_all( '#<link rel="preload" href="([^"]+)" as="script" />#', $head, $preloads );

		$printed = array();
		foreach ( array( Page::SCRIPT_HANDLE . '-sessions', Page::SCRIPT_HANDLE ) as $handle ) {
			ob_start();
			wp_scripts()->do_item( $handle );
			$tag = (string) ob_get_clean();
			$this->assertSame( 1, preg_match( '#<script src="([^"]+)"#', $tag, $m ), $tag );
			$printed[] = $m[1];
		}
		$this->assertStringContainsString( '/build/sessions.js', $printed[0] );
		$this->assertSame( $printed, $preloads[1], 'preloaded at exactly the URLs the page loads them from' );
	}

	public function test_other_tabs_preload_nothing(): void {
		$this->assertStringNotContainsString( 'rel="preload"', $this->head_of_tab( 'overview' ) );
	}
}
