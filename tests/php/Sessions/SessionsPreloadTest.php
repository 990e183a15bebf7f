<?php
/**
 * The admin page opened on the Sessions tab: the first page of carts preloaded into the page (the app's start-up
 * data, window.cartSessionsConfig.firstPage) and printed as the table's first paint, only from a fresh cached
 * list — rendering the page never asks the store — plus the lazy Sessions chunk loaded by the page itself, before
 * the app.
 */

declare(strict_types=1);

require_once __DIR__ . '/SessionsTestCase.php';

use CartSessions\Admin\FirstPaint;
use CartSessions\Admin\Page;
use CoCartDouble\Control;

final class SessionsPreloadTest extends SessionsTestCase {

	/** @var array<string,mixed> */
	private $get = array();

	protected function setUp(): void {
		parent::setUp();
		$this->get = $_GET;
		$this->fresh_admin_menu_and_scripts();
	}

	protected function tearDown(): void {
		$_GET = $this->get;
		parent::tearDown();
	}

	/**
	 * Enqueues and renders the screen for these URL parameters.
	 *
	 * @param array<string,string> $params
	 * @return array{html:string,preload:string} The page's HTML, and the app's start-up data script.
	 */
	private function open_page( array $params ): array {
		$_GET = array( 'page' => Page::SLUG ) + $params;
		$GLOBALS['wp_scripts'] = null;
		$GLOBALS['wp_styles']  = null;
		$page = new Page();
		$page->add_menu();
		$page->enqueue( (string) get_plugin_page_hookname( Page::SLUG, Page::parent_slug() ) );
		ob_start();
		$page->render();
		$html  = (string) ob_get_clean();
		$before = wp_scripts()->get_data( Page::SCRIPT_HANDLE, 'before' );
		return array(
			'html'    => $html,
			'preload' => implode( "\n", is_array( $before ) ? $before : array() ),
		);
	}

	public function test_a_fresh_cached_list_is_preloaded_and_printed_without_asking_the_store(): void {
		$this->connect();
		Control::seed( 60, 7 );
		$first = $this->ok( 'GET', 'sessions', Page::FIRST_PAGE ); // The list is now cached.

		$this->upstream = array();
		$opened         = $this->open_page( array( 'tab' => 'sessions' ) );
		$this->assertSame( array(), $this->upstream, 'rendering the page asks the store nothing' );

		$path = '/cart-sessions/v1/sessions?' . http_build_query( Page::FIRST_PAGE );
		// & as \u0026: the same string to JavaScript.
		$this->assertStringContainsString( '"firstPage":{"path":' . Page::inline_json( $path ), $opened['preload'] );
		foreach ( $first['items'] as $row ) {
			$this->assertStringContainsString( Page::inline_json( $row['key'] ), $opened['preload'] );
			$this->assertStringContainsString(
				'<code class="cart-sessions-customer__key">' . esc_html( $row['key'] ) . '</code>',
				$opened['html']
			);
		}
		$this->assertStringNotContainsString( $this->key['consumer_secret'], $opened['preload'] . $opened['html'] );

		// The first paint: the same rows, in order, as a plain inert table after the app's root.
		$this->assertMatchesRegularExpression(
			'#<div id="cart-sessions-root"></div><div id="' . FirstPaint::ELEMENT_ID . '"[^>]* inert>#',
			$opened['html']
		);
		// Customer first, the key as its second line.
		preg_match_all( '#<code class="cart-sessions-customer__key">([^<]+)</code>#', $opened['html'], $m );
		$this->assertSame( array_map( 'esc_html', array_column( $first['items'], 'key' ) ), $m[1] );

		// The Sessions chunk comes with the page, before the app.
		$app = wp_scripts()->query( Page::SCRIPT_HANDLE, 'registered' );
		$this->assertContains( Page::SCRIPT_HANDLE . '-sessions', $app->deps );
		$this->assertStringEndsWith(
			'/build/sessions.js',
			wp_scripts()->query( Page::SCRIPT_HANDLE . '-sessions', 'registered' )->src
		);
	}

	public function test_names_that_look_like_html_are_printed_as_text(): void {
		$this->connect();
		$now = time();
		$this->put_cart(
			'k_script',
			$this->session(
				array(),
				array(
					'first_name' => '<script>alert(1)</script>',
					'last_name'  => '<img src=x onerror=alert(2)>',
					'email'      => 'x"><b>@example.com',
				)
			),
			$now - 60,
			$now + DAY_IN_SECONDS
		);
		$this->ok( 'GET', 'sessions', Page::FIRST_PAGE );
		$html = $this->open_page( array( 'tab' => 'sessions' ) )['html'];
		$this->assertStringContainsString( '&lt;script&gt;alert(1)&lt;/script&gt;', $html );
		$this->assertStringNotContainsString( '<script>alert', $html );
		$this->assertStringNotContainsString( '<img src=x', $html );
		$this->assertStringNotContainsString( '"><b>', $html );
	}

	public function test_nothing_is_preloaded_without_a_fresh_list_another_view_or_another_tab(): void {
		$this->connect();
		Control::seed( 30, 8 );

		// No cached list: the page is rendered without one and without asking the store; the app asks.
		$opened = $this->open_page( array( 'tab' => 'sessions' ) );
		$this->assertSame( array(), $this->upstream );
		$this->assertStringContainsString( '"firstPage":null', $opened['preload'] );
		$this->assertStringNotContainsString( FirstPaint::ELEMENT_ID, $opened['html'] );

		$this->ok( 'GET', 'sessions', Page::FIRST_PAGE );
		// Another view (the app asks for it itself) and other tabs: nothing preloaded, no chunk.
		$paramses = array(
			array( 'tab' => 'sessions', 'paged' => '2' ),
			array( 'tab' => 'sessions', 's' => 'jane' ),
			array( 'tab' => 'overview' ),
			array(),
		);
		foreach ( $paramses as $params ) {
			$opened = $this->open_page( $params );
			$this->assertStringContainsString( '"firstPage":null', $opened['preload'], wp_json_encode( $params ) );
			$this->assertStringNotContainsString( FirstPaint::ELEMENT_ID, $opened['html'], wp_json_encode( $params ) );
			if ( 'sessions' !== ( $params['tab'] ?? '' ) ) {
				$this->assertFalse(
					wp_script_is( Page::SCRIPT_HANDLE . '-sessions', 'registered' ),
					wp_json_encode( $params )
				);
			}
		}

		// A list past its lifetime: not preloaded (it would have to be fetched while the page renders).
		add_filter( 'cart_sessions_list_ttl', '__return_zero' );
		$opened = $this->open_page( array( 'tab' => 'sessions' ) );
		remove_filter( 'cart_sessions_list_ttl', '__return_zero' );
		$this->assertStringContainsString( '"firstPage":null', $opened['preload'] );
		$this->assertSame( 0, $this->counts()['list'] - 1, 'only the route call above fetched the list' );
	}
}
